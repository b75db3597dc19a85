import { startDynalite } from '../../local/dynamo-engine.ts'
import { describeCaseRepositoryContract } from './case-repository.contract.ts'

describeCaseRepositoryContract('dynalite', () => startDynalite())
