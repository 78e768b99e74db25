/** The student page for one student: `#/students?id=42`, a link any page can give. */
export const studentHref = (id: number) => `#/students?id=${id}`

/** The student id in the hash, if any. */
export function studentIdFromHash(hash: string): number | null {
  const query = hash.split('?')[1] ?? ''
  const id = Number(new URLSearchParams(query).get('id'))
  return Number.isInteger(id) && id > 0 ? id : null
}
