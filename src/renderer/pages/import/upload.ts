import { call } from '../../api'

/** Stages dropped files: the page reads their bytes; core never sees a path from the page. */
export async function uploadFiles(files: File[]): Promise<string[]> {
  const errors: string[] = []
  for (const file of files) {
    try {
      await call('import.upload', { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })
    } catch (error) {
      errors.push((error as Error).message)
    }
  }
  return errors
}
