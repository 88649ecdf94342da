// API refusals (problem+json) shown where they belong: at the form field they name, or above the form.
import type { FormInstance } from 'antd';
import { ApiError } from '../shared/api.ts';

/** The request field a refusal names, without the part of the request it was in: `body.contact.tel` → `contact.tel`. */
export function refusedField(error: unknown): string | null {
  if (!(error instanceof ApiError) || !error.field) return null;
  return error.field.replace(/^(body|querystring|params)\./, '');
}

/** The reason alone: the API prefixes the detail with the field (`begndate：开始日期最早为…`), the form shows the field. */
export function refusalReason(error: unknown): string {
  if (error instanceof ApiError) {
    const prefix = error.field ? `${error.field}：` : null;
    return prefix && error.detail.startsWith(prefix) ? error.detail.slice(prefix.length) : error.detail;
  }
  if (error instanceof TypeError) return '无法连接服务，请检查网络后重试';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Puts a refusal on the form field it names (through `fieldOf`, from API field to form field); answers false when
 * no field of this form fits, so the caller shows it above the form instead.
 */
export function showRefusalAtField(
  form: FormInstance,
  error: unknown,
  fieldOf: (apiField: string) => string | undefined,
): boolean {
  const apiField = refusedField(error);
  const name = apiField ? fieldOf(apiField) : undefined;
  if (!name) return false;
  form.setFields([{ name, errors: [refusalReason(error)] }]);
  form.scrollToField(name, { block: 'center' });
  return true;
}
