import { sql } from 'kysely'
import type { Reader } from '../db/store'
import { normalise } from '../records/match'
import type { Vocabulary } from './claims'
import { Lexicon } from './lexicon'

// Every name a hint can recognise: what the school's submitted records name (its curriculum,
// its clubs and posts, its students' performances), and the usual names of the national
// curriculum and of class posts — so that a reason naming a subject nobody in the school took
// (少了數學B) is still read as a subject the records lack, not as part of another (數學A).

/** Subjects of the 108 curriculum's general senior high schools, as the central database names them. */
const CURRICULUM = [
  '國語文', '英語文', '數學', '數學A', '數學B', '數學甲', '數學乙', '歷史', '地理', '公民與社會', '物理', '化學', '生物',
  '地球科學', '音樂', '美術', '藝術生活', '生命教育', '生涯規劃', '家政', '法律與生活', '環境科學概論', '健康與護理', '體育',
  '全民國防教育', '資訊科技', '生活科技', '探究與實作', '自然科學探究與實作', '社會領域探究與實作', '英文作文',
  '閩南語文', '客語文', '原住民族語文', '日語', '韓語', '法語', '德語', '西班牙語',
]

/** Posts of a class, a club and the student bodies. */
const POSTS = [
  '班長', '副班長', '風紀股長', '學藝股長', '總務股長', '衛生股長', '康樂股長', '輔導股長', '資訊股長', '服務股長', '環保股長',
  '體育股長', '社長', '副社長', '總務', '活動長', '公關長', '會長', '副會長', '秘書長', '議長', '副議長', '隊長', '副隊長', '小老師',
]

const distinct = (reader: Reader, table: string, column: string) =>
  reader.all<{ name: string }>(sql`SELECT DISTINCT ${sql.ref(column)} AS name FROM ${sql.table(table)} WHERE ${sql.ref(column)} IS NOT NULL`)
    .then((rows) => rows.map((r) => r.name).filter((name) => name.trim() !== ''))

export async function loadVocabulary(reader: Reader): Promise<Vocabulary> {
  const courses = await distinct(reader, 'course_records', 'subject_name')
  const outcomes = await distinct(reader, 'outcome_records', 'subject_name')
  const roles = await distinct(reader, 'cadre_records', 'role')
  const units = await distinct(reader, 'cadre_records', 'unit_name')
  const titles = await distinct(reader, 'performance_records', 'title')
  const subjects = new Set([...CURRICULUM, ...courses, ...outcomes])
  return {
    subjects: new Lexicon([...subjects].map((name) => ({ name })), { prefixes: true }),
    cadre: new Lexicon([
      ...[...new Set([...POSTS, ...roles])].map((name) => ({ name, field: 'role' as const })),
      ...units.map((name) => ({ name, field: 'unit' as const })),
    ]),
    titles: new Map(titles.map((t) => [normalise(t), t])),
  }
}
