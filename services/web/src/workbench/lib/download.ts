/**
 * Files the API answers (ledger exports, rejected rows) saved as the browser saves a download: the
 * request carries the session's token, which a plain link could not, and the file keeps the name
 * the server gave it (its Chinese name from RFC 6266's filename*), else `fallback`.
 */
import type { ApiClient } from './api.js';

/** The file name a Content-Disposition header gives, the UTF-8 one first. */
export function attachmentName(disposition: string | null, fallback: string): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (utf8?.[1]) {
    try {
      return decodeURIComponent(utf8[1]);
    } catch {
      // A malformed escape: the plain name below, or the fallback.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

export async function downloadFile(api: ApiClient, path: string, fallback: string): Promise<string> {
  const res = await api.raw(path);
  const name = attachmentName(res.headers.get('content-disposition'), fallback);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The browser has taken the file once the click is handled; the URL is let go a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
