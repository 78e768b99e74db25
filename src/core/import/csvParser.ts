import { AppError } from '../errors'
import { cellTooLong, LIMITS, lineTooLong, tooManyColumns, tooManyRows, type Place } from './limits'

// CSV as Excel writes and reads it (RFC 4180): fields split by the delimiter, records by CRLF,
// LF or CR; a field in double quotes may hold delimiters, line breaks and doubled quotes. The
// text goes in piece by piece and each character is looked at once, however the pieces are
// cut. Excel's limits hold while reading, so nothing grows past them: a field over 32,767
// characters, a 16,385th field, a line over LIMITS.lineChars, a 1,048,577th record — each is
// refused where it is. (csv-parse, used before, builds an Error with a stack trace for every
// record whose field count differs from the first record's: 40 s for a file of a million
// blank lines, and a title row above the header made every data row pay for one.)

const QUOTE = 34
const CR = 13
const LF = 10

export class CsvParser {
  /** Records completed since last taken. */
  private done: string[][] = []
  /** Records completed in all: the current one is number `count + 1`. */
  private count = 0
  private record: string[] = []
  private field = ''
  /** Characters of the record so far (its fields, the current one included). */
  private recordChars = 0
  private state: 'start' | 'plain' | 'quoted' | 'quoteInQuoted' | 'afterQuoted' = 'start'
  /** A CR ended the last piece: a LF starting the next one belongs to it. */
  private afterCR = false
  private readonly delimiter: number

  constructor(delimiter: string, private readonly file: string) {
    this.delimiter = delimiter.charCodeAt(0)
  }

  /** The records completed since last asked. */
  take(): string[][] {
    const records = this.done
    this.done = []
    return records
  }

  write(text: string): void {
    if (text.length === 0) return
    let i = 0
    if (this.afterCR && text.charCodeAt(0) === LF) i = 1
    this.afterCR = false
    const n = text.length
    while (i < n) {
      const c = text.charCodeAt(i)
      switch (this.state) {
        case 'quoted': {
          const quote = text.indexOf('"', i)
          this.append(text.slice(i, quote < 0 ? n : quote))
          if (quote < 0) return
          this.state = 'quoteInQuoted'
          i = quote + 1
          continue
        }
        case 'quoteInQuoted':
          // A doubled quote is a quote; any other quote ends the field.
          if (c === QUOTE) {
            this.append('"')
            this.state = 'quoted'
            i += 1
            continue
          }
          this.state = 'afterQuoted'
          continue
        case 'afterQuoted':
          if (c !== this.delimiter && c !== CR && c !== LF) throw this.misplacedQuote()
          break
        case 'start':
          if (c === QUOTE) {
            this.state = 'quoted'
            i += 1
            continue
          }
          break
        case 'plain':
          break
      }
      if (c === this.delimiter) {
        this.endField()
        i += 1
      } else if (c === CR || c === LF) {
        this.endField()
        this.endRecord()
        i += 1
        if (c === CR) {
          if (i === n) this.afterCR = true
          else if (text.charCodeAt(i) === LF) i += 1
        }
      } else if (c === QUOTE) {
        // A quote inside an unquoted field: Excel would not have written it so.
        throw this.misplacedQuote()
      } else {
        let end = i + 1
        while (end < n) {
          const d = text.charCodeAt(end)
          if (d === this.delimiter || d === CR || d === LF || d === QUOTE) break
          end += 1
        }
        this.append(text.slice(i, end))
        this.state = 'plain'
        i = end
      }
    }
  }

  /** The end of the text: a last record without a line break is a record; an open quote is refused. */
  end(): void {
    if (this.state === 'quoted') {
      throw new AppError(
        'csv-malformed',
        `「${this.file}」第 ${this.count + 1} 列有未成對的引號（"），無法讀取這個檔案。請在 Excel 開啟、修正該列後另存再匯入。`,
        { file: this.file, row: this.count + 1 },
      )
    }
    if (this.state !== 'start' || this.record.length > 0) {
      this.endField()
      this.endRecord()
    }
  }

  private place(): Place {
    return { file: this.file, row: this.count + 1, column: this.record.length }
  }

  private append(text: string): void {
    this.field += text
    this.recordChars += text.length
    if (this.field.length > LIMITS.cellChars) throw cellTooLong(this.place())
    if (this.recordChars > LIMITS.lineChars) throw lineTooLong(this.place())
  }

  private endField(): void {
    if (this.record.length >= LIMITS.columns) throw tooManyColumns(this.place())
    this.record.push(this.field)
    this.field = ''
    this.state = 'start'
  }

  private endRecord(): void {
    if (this.count >= LIMITS.rows) throw tooManyRows({ file: this.file, row: this.count + 1 })
    this.done.push(this.record)
    this.count += 1
    this.record = []
    this.recordChars = 0
  }

  private misplacedQuote(): AppError {
    return new AppError(
      'csv-malformed',
      `「${this.file}」第 ${this.count + 1} 列的引號（"）位置不正確，無法讀取這個檔案。請在 Excel 開啟、修正該列後另存再匯入。`,
      { file: this.file, row: this.count + 1 },
    )
  }
}
