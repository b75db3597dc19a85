import type { ReplyTemplateStore } from '../../functions/core/ports/stores.ts'
import type { ReplyTemplate } from '../../functions/core/templates/reply-template.ts'

/** The reply templates in memory, as DynamoReplyTemplates keeps them (the set unwritten until seeded or written). */
export class InMemoryReplyTemplates implements ReplyTemplateStore {
  readonly templates = new Map<string, ReplyTemplate>()
  written = false

  async list(): Promise<ReplyTemplate[] | undefined> {
    return this.written ? [...this.templates.values()].map((template) => ({ ...template })) : undefined
  }

  async seed(templates: readonly ReplyTemplate[]): Promise<void> {
    for (const template of templates) if (!this.templates.has(template.id)) this.templates.set(template.id, template)
    this.written = true
  }

  async put(template: ReplyTemplate): Promise<void> {
    this.templates.set(template.id, { ...template })
  }

  async delete(id: string): Promise<boolean> {
    return this.templates.delete(id)
  }
}
