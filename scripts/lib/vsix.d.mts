export interface ZipEntry {
  name: string;
  size: number;
}
export const HOST_CHUNKS: readonly string[];
export function listZip(file: string): ZipEntry[];
export function checkVsixEntries(entries: ZipEntry[], options?: { readme?: boolean }): string[];
export function readmeForPackage(markdown: string): string;
