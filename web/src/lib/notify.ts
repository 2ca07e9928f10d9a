import { errorMessage } from './api'

/**
 * Where refusals are shown. The antd shell registers its message API when it mounts, so this
 * module (used by every mutation) does not pull antd into the public pages' bundle.
 */
export interface Notifier {
  error: (text: string) => void
  success: (text: string) => void
}

let notifier: Notifier = {
  error: (text) => console.error(text),
  success: () => {},
}

export function setNotifier(next: Notifier): () => void {
  const previous = notifier
  notifier = next
  return () => {
    notifier = previous
  }
}

/** Shows the localized message of an error (ApiError codes are translated, see i18n `errors`). */
export function notifyError(error: unknown) {
  notifier.error(errorMessage(error))
}

export function notifySuccess(text: string) {
  notifier.success(text)
}
