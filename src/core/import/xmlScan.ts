import { LIMITS } from './limits'
import { ZipArchive, type ZipEntry } from './zip'

// A streaming XML scanner for the parts of an .xlsx: text goes in piece by piece as it is
// inflated, and each start tag, end tag and run of text goes out to a handler at once. It is
// linear in its input however the text is cut: a tag split across pieces is searched on from
// where the search stopped, never from its start again; text is handed over as it comes (the
// handler decides how much of it it keeps); a tag, comment or declaration longer than
// LIMITS.tagChars is refused instead of buffered. It keeps no stack — a handler follows only
// the few elements it cares about — so nesting, however deep, costs nothing.

/** A part whose XML cannot be read as a workbook part (a tag never closed, an element left open). */
export class XmlError extends Error {}

export interface XmlHandler {
  /** A start tag: its name without a namespace prefix, its text between `<` and `>`, and whether it closes itself (`<c/>`). */
  open(name: string, tag: string, empty: boolean): void
  close(name: string): void
  /** Whether text is wanted now; text outside such stretches is skipped unread. */
  readonly wantsText: boolean
  /** Text as written (entities unresolved), in as many pieces as it came. */
  text(raw: string): void
}

const LT = 60 // <
const SLASH = 47
const BANG = 33
const QUESTION = 63
const GT = 62
const COLON = 58

/**
 * The local name of the tag starting at `from` in `text` (`x:row` → `row`): up to white space,
 * `/` or `>`, after the last `:`.
 */
function nameAt(text: string, from: number, end: number): string {
  let start = from
  let i = from
  for (; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === SLASH || c === GT) break
    if (c === COLON) start = i + 1
  }
  return text.slice(start, i)
}

export class XmlScanner {
  /** An unfinished construct from the previous piece: it starts with `<`. */
  private rest = ''
  /** How much of `rest` has been searched for its end already. */
  private searched = 0

  constructor(private readonly handler: XmlHandler, private readonly part: string) {}

  write(piece: string): void {
    const text = this.rest ? this.rest + piece : piece
    let resume = this.searched
    this.rest = ''
    this.searched = 0
    let at = 0
    while (at < text.length) {
      if (text.charCodeAt(at) !== LT) {
        const lt = text.indexOf('<', at)
        const end = lt < 0 ? text.length : lt
        if (this.handler.wantsText) this.handler.text(text.slice(at, end))
        at = end
        continue
      }
      const end = this.endOf(text, at, resume)
      resume = 0
      if (end < 0) {
        if (text.length - at > LIMITS.tagChars) throw this.tooLong()
        this.rest = text.slice(at)
        this.searched = this.rest.length
        return
      }
      if (end - at > LIMITS.tagChars) throw this.tooLong()
      this.construct(text, at, end)
      at = end
    }
  }

  /** The end of input: nothing may be left unfinished. */
  end(): void {
    if (this.rest) throw new XmlError(`「${this.part}」的 XML 不完整`)
  }

  private tooLong() {
    return new XmlError(`「${this.part}」有超過 ${LIMITS.tagChars.toLocaleString('en-US')} 字的 XML 標籤`)
  }

  /**
   * Where the construct starting at `at` ends (the index after it), or -1 if it does not end
   * in `text`; the search starts no earlier than `at + resume`, what was searched before.
   */
  private endOf(text: string, at: number, resume: number): number {
    const second = text.charCodeAt(at + 1)
    let terminator = '>'
    if (second === BANG) {
      // Too short yet to tell a comment or CDATA from another declaration: wait for more.
      if (text.length - at < 9 && ('<![CDATA['.startsWith(text.slice(at)) || '<!--'.startsWith(text.slice(at)))) return -1
      if (text.startsWith('<!--', at)) terminator = '-->'
      else if (text.startsWith('<![CDATA[', at)) terminator = ']]>'
    } else if (second === QUESTION) {
      terminator = '?>'
    } else if (Number.isNaN(second)) {
      return -1
    }
    const found = text.indexOf(terminator, Math.max(at + 1, at + resume - terminator.length + 1))
    return found < 0 ? -1 : found + terminator.length
  }

  private construct(text: string, at: number, end: number): void {
    const second = text.charCodeAt(at + 1)
    if (second === QUESTION) return
    if (second === BANG) {
      if (this.handler.wantsText && text.startsWith('<![CDATA[', at)) {
        // CDATA is literal text: escape it so the handler reads it as it reads any text.
        this.handler.text(text.slice(at + 9, end - 3).replace(/&/g, '&amp;').replace(/</g, '&lt;'))
      }
      return
    }
    if (second === SLASH) {
      this.handler.close(nameAt(text, at + 2, end))
      return
    }
    const empty = text.charCodeAt(end - 2) === SLASH
    const name = nameAt(text, at + 1, end)
    const tagEnd = empty ? end - 2 : end - 1
    // A tag of its name alone (<is>, <t>, <v>: most of a sheet's) is its name: not cut out again.
    this.handler.open(name, tagEnd - at - 1 === name.length ? name : text.slice(at + 1, tagEnd), empty)
  }
}

/**
 * Scans one part of the zip, inflated chunk by chunk (at most `cap` bytes) and decoded as
 * UTF-8; yields after each chunk so the caller can hand on what the handler gathered.
 */
export async function* scanPart(
  zip: ZipArchive, entry: ZipEntry, cap: number, handler: XmlHandler, signal?: AbortSignal, onBytes?: (bytes: number) => void,
): AsyncGenerator<void> {
  const scanner = new XmlScanner(handler, entry.name)
  // One streaming decoder for the whole part: it never splits a character across chunks.
  const decoder = new TextDecoder('utf-8')
  for await (const chunk of zip.stream(entry, cap, signal)) {
    onBytes?.(chunk.length)
    scanner.write(decoder.decode(chunk, { stream: true }))
    yield
  }
  scanner.write(decoder.decode())
  scanner.end()
}
