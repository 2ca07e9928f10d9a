import * as v from 'valibot'
import type { FormInstance } from 'antd'
import type { Rule } from 'antd/es/form'
import { ApiError } from './api'

/**
 * An antd Form rule from one field of the API's own valibot schema (import it from
 * `@ms/api/schemas/<feature>/<feature>.schemas.js`), so the form refuses exactly what the API
 * would. `message` replaces the schema's (English) message with a localized one.
 */
export function schemaRule(schema: v.GenericSchema | v.GenericSchemaAsync, message?: string): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const result = await v.safeParseAsync(schema, value)
      if (!result.success) throw new Error(message ?? result.issues[0]?.message)
    },
  }
}

/**
 * Puts a VALIDATION_FAILED answer's issues on the form fields they name. Returns true when at
 * least one landed on a field (the caller then need not show a toast).
 */
export function applyApiIssues(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || !error.issues.length) return false
  const fields = new Map<string, string[]>()
  for (const issue of error.issues) {
    const name = issue.path?.split('.')[0]
    if (!name || form.getFieldInstance(name) === undefined) continue
    fields.set(name, [...(fields.get(name) ?? []), issue.message])
  }
  form.setFields([...fields].map(([name, errors]) => ({ name, errors })))
  return fields.size > 0
}
