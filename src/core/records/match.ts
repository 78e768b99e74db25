import type { RecordMatch } from '../../shared/contract/records'

// Which submitted records a student's reason points at: 「多了國文」 → the 國語文 row,
// 「數甲成績應為85分」 → the 數學甲 row with its score cell, 「少了副班長」 → not the 班長 row.
// Pure: records in, matches out; core/records/list.ts feeds it the rows of one student.

export interface MatchableRecord {
  id: number
  /** What the reason may name: subject, role, unit, title, course code. */
  names: string[]
  /** Named only loosely (a performance category): used when no name matched. */
  categories?: string[]
  /** Long titles matched on a shared run of ≥ 4 characters (competition names). */
  titles?: string[]
  credits?: number | null
  scores?: (number | null)[]
}

/** Short names students write, and the names the central database uses. */
const ALIASES: Record<string, string[]> = {
  國語文: ['國文'],
  英語文: ['英文'],
  數學甲: ['數甲'],
  數學乙: ['數乙'],
  數學A: ['數A'],
  數學B: ['數B'],
  公民與社會: ['公民'],
  地球科學: ['地科'],
  健康與護理: ['健護'],
  全民國防教育: ['全民國防', '國防'],
  資訊科技: ['資科'],
  生活科技: ['生科'],
  藝術生活: ['藝生'],
  生涯規劃: ['生涯'],
  體育: ['體育課'],
}

/** 「國英數都少了」: a run of these characters names the subjects. */
const INITIALS: Record<string, string> = { 國: '國語文', 英: '英語文', 數: '數學' }

const CATEGORY_WORDS: Record<string, string[]> = {
  競賽參與紀錄: ['競賽', '比賽'],
  檢定證照紀錄: ['證照', '檢定'],
  服務學習紀錄: ['服務學習'],
  幹部經歷暨事蹟紀錄: ['幹部'],
  彈性學習時間紀錄: ['彈性學習'],
  團體活動時間紀錄: ['團體活動'],
  職場學習紀錄: ['職場學習'],
  作品成果紀錄: ['作品'],
  大學及技專校院先修課程紀錄: ['先修'],
}

/** Words that point at a cell of the row rather than at the row. */
const CELL_WORDS: [RegExp, string][] = [
  [/學分/, 'credits'],
  [/成績|分數/, 'score'],
  [/不?及格/, 'passed'],
  [/補考/, 'makeupScore'],
  [/採計/, 'creditCounted'],
  [/日期|時間|期間/, 'dates'],
  [/職稱|職務/, 'role'],
  [/等級|級別/, 'level'],
]

const SIMPLIFIED: Record<string, string> = {
  国: '國', 语: '語', 数: '數', 学: '學', 历: '歷', 体: '體', 护: '護', 选: '選',
  课: '課', 绩: '績', 长: '長', 级: '級', 赛: '賽', 证: '證', 务: '務',
}

/** Full-width → ASCII, simplified → traditional (the common few), no spaces, Latin upper-case. */
export function normalise(text: string): string {
  return [...text.normalize('NFKC')]
    .map((c) => SIMPLIFIED[c] ?? c)
    .join('')
    .replace(/\s+/g, '')
    .toUpperCase()
}

/**
 * The forms a reason may use for one name: the name and its aliases (`exact`), and its parts —
 * the subject under the level and the title, its base without 甲/A/二 — which name it loosely.
 */
export function formsOf(name: string): { form: string; label: string; exact: boolean }[] {
  const full = normalise(name)
  if (full.length < 2) return []
  const forms = new Map<string, { label: string; exact: boolean }>([[full, { label: full, exact: true }]])
  const add = (form: string, label: string, exact = false) => {
    if (form.length >= 2 && !forms.has(form)) forms.set(form, { label, exact })
  }
  for (const alias of ALIASES[full] ?? []) add(alias, `${alias}→${full}`, true)
  // 「選修化學-物質與能量」「選修物理—電磁現象」「數學A」「英語文(二)」: the subject under the level and the title.
  const stripped = full.replace(/[(（][^)）]*[)）]/g, '')
  for (const part of stripped.split(/[-－—–:：]/)) {
    if (part !== full) add(part, `${part}→${full}`)
    const core = part.replace(/^(選修|加深加廣|必修)/, '')
    add(core, `${core}→${full}`)
    const base = core.replace(/[甲乙丙丁ABCDⅠⅡⅢⅣIV0-9一二三四]+$/, '')
    add(base, `${base}→${full}`)
    for (const alias of ALIASES[base] ?? []) add(alias, `${alias}→${full}`)
  }
  return [...forms].map(([form, f]) => ({ form, ...f }))
}

interface Hit {
  record: number
  start: number
  end: number
  label: string
}

function occurrences(text: string, form: string): number[] {
  const at: number[] = []
  for (let i = text.indexOf(form); i >= 0; i = text.indexOf(form, i + 1)) at.push(i)
  return at
}

/** 「臺北市科展」「第12屆全國高中英語演講比賽」 → what the student calls it: 「科展」「英語演講比賽」. */
export function titleCore(title: string): string {
  return title.replace(/^((第\d+屆)|全國|臺北市|台北市|新北市|縣市|校內|校際|國際|高中|高級中等學校)+/, '')
}

/** The longest run of characters two texts share. */
export function longestCommonRun(a: string, b: string): { start: number; text: string } {
  let best = { start: -1, text: '' }
  const prev = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]
      prev[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : 0
      if (prev[j] > best.text.length) best = { start: i - prev[j], text: a.slice(i - prev[j], i) }
      diagonal = above
    }
  }
  return best
}

/** The reason with the subjects a run like 「國英數」 stands for appended after a separator. */
function expand(reason: string): string {
  const implied = [...reason.matchAll(/[國英數]{2,3}/g)].flatMap((m) => [...m[0]].map((c) => INITIALS[c]))
  return implied.length ? `${reason}｜${implied.join('｜')}` : reason
}

function nameHits(text: string, records: MatchableRecord[]): Hit[] {
  const hits: Hit[] = []
  for (const record of records) {
    for (const name of record.names) {
      for (const { form, label } of formsOf(name)) {
        for (const start of occurrences(text, form)) hits.push({ record: record.id, start, end: start + form.length, label })
      }
    }
    for (const title of record.titles ?? []) {
      const t = normalise(title)
      const run = longestCommonRun(text, t)
      const core = titleCore(t)
      if (run.text.length >= Math.min(4, t.length) && run.text.length >= 2) {
        hits.push({ record: record.id, start: run.start, end: run.start + run.text.length, label: run.text })
      } else if (core.length >= 2 && text.includes(core)) {
        const start = text.indexOf(core)
        hits.push({ record: record.id, start, end: start + core.length, label: core })
      }
    }
  }
  // A mention inside a longer one names something else: 「副班長」 is not the 班長 row,
  // 「數學甲」 is not the 數學A row (and 「數學」 inside 「數學A」 is the same mention twice).
  return hits.filter(
    (h) => !hits.some((o) => o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start),
  )
}

/** 「85分」「應為3學分」: numbers with a unit, and whether they are the value it should be. */
function numbersOf(text: string) {
  const re = /(應為|應是|應該是|應該為|改為|正確為|正確是)?(\d+(?:\.\d+)?)(學分|分)/g
  return [...text.matchAll(re)].map((m) => ({
    value: Number(m[2]),
    cell: m[3] === '學分' ? 'credits' : 'score',
    expected: m[1] !== undefined,
    text: m[0],
  }))
}

function add(result: Map<number, RecordMatch>, id: number, mention: string | null, cells: string[]) {
  const match = result.get(id) ?? { mentions: [], cells: [] }
  if (mention && !match.mentions.includes(mention)) match.mentions.push(mention)
  for (const c of cells) if (!match.cells.includes(c)) match.cells.push(c)
  result.set(id, match)
}

/** The records each reason points at, with what pointed and which cells it questions. */
export function matchRecords(reasons: string[], records: MatchableRecord[]): Map<number, RecordMatch> {
  const result = new Map<number, RecordMatch>()
  for (const reason of reasons) {
    const text = expand(normalise(reason))
    const cells = CELL_WORDS.filter(([re]) => re.test(text)).map(([, cell]) => cell)
    const hits = nameHits(text, records)
    let named = new Set(hits.map((h) => h.record))
    if (named.size === 0) {
      for (const record of records) {
        const words = (record.categories ?? []).flatMap((c) => [c, ...(CATEGORY_WORDS[c] ?? [])])
        const word = words.find((w) => text.includes(normalise(w)))
        if (word) add(result, record.id, word, cells)
      }
    }
    for (const hit of hits) add(result, hit.record, hit.label, cells)

    for (const n of numbersOf(text)) {
      const valueOf = (r: MatchableRecord) => (n.cell === 'credits' ? [r.credits] : r.scores ?? [])
      if (n.expected) {
        // 「應為3學分」 is the value it should be: the named rows' cell is in question.
        for (const id of named) add(result, id, n.text, [n.cell])
        continue
      }
      const equal = records.filter((r) => valueOf(r).some((v) => v === n.value))
      for (const r of equal) {
        if (named.size === 0 || named.has(r.id)) add(result, r.id, n.text, [n.cell])
      }
      if (named.size === 0) named = new Set(equal.map((r) => r.id))
    }
  }
  return result
}
