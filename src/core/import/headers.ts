import type { ImportShape } from '../../shared/contract/import'
import type { FileKind } from '../../shared/domain'
import { foldWidth } from './values/cells'

// The columns each shape of file has, with the names real exports give them (FORMATS.md plus
// what the e-portfolio admin area and school systems actually write).

export type FieldType =
  | 'text' | 'id' | 'seat' | 'nationalId' | 'number' | 'score' | 'date' | 'dateTime' | 'pass' | 'credit'
  | 'cadreLevel' | 'kind' | 'state' | 'errorType' | 'term' | 'termOrSemester' | 'year' | 'semester'

export interface FieldSpec {
  field: string
  /** The canonical zh-TW column name. */
  label: string
  aliases: string[]
  type: FieldType
  required?: boolean
}

export interface ShapeSpec {
  shape: ImportShape
  fileKind: FileKind
  fields: FieldSpec[]
  /** Alternatives of which one must be present (e.g. 學號 or 身分證號). */
  requiredAnyOf?: string[][]
  /** At least one of these must be present: what tells this shape from a look-alike. */
  distinctive?: string[]
  /** A bonus (or veto, -Infinity) from the sheet's and file's names. */
  nameScore?: (sheetName: string, fileName: string) => number
}

/** Header text → comparable form: half-width, no spaces, no required-marks, no remarks in brackets. */
export function normHeader(header: string): string {
  return foldWidth(header)
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[\s*:※]/g, '')
    .toLowerCase()
}

const f = (field: string, label: string, type: FieldType, more: string[] = [], required = false): FieldSpec => ({
  field, label, type, aliases: [label, ...more], required,
})

const STUDENT_NO = f('studentNo', '學號', 'id', ['學生學號'])
const NATIONAL_ID = f('nationalId', '身分證號', 'nationalId', ['身分證字號', '身份證號', '身份證字號', '身分證統一編號', '身份證統一編號', '身分證號碼', '身份證號碼', '統一證號'])
const NAME = f('name', '姓名', 'text', ['學生姓名'])
const CLASS = f('className', '班級', 'id', ['班級名稱', '班級代碼', '班別'])
const SEAT = f('seat', '座號', 'seat', ['座位號碼', '座號碼'])
const BIRTH = f('birthDate', '出生日期', 'date', ['生日', '出生年月日'])
const TERM = f('term', '學年度學期', 'term', ['學年學期', '學期別'])
const YEAR = f('schoolYear', '學年度', 'year', ['學年'])
const SEMESTER = f('semester', '學期', 'semester')
const KIND = f('kindText', '項目', 'kind', ['資料項目', '資料類別'])
const required = (spec: FieldSpec): FieldSpec => ({ ...spec, required: true })

export const PERFORMANCE_CATEGORIES = [
  '幹部經歷暨事蹟紀錄', '競賽參與紀錄', '檢定證照紀錄', '服務學習紀錄', '彈性學習時間紀錄', '團體活動時間紀錄',
  '職場學習紀錄', '作品成果紀錄', '大學及技專校院先修課程紀錄', '其他多元表現紀錄',
] as const

/** The category a sheet (or, for a CSV, a file) name names. */
export function categoryOf(name: string): string | null {
  const n = normHeader(name)
  return PERFORMANCE_CATEGORIES.find((c) => n.includes(c)) ?? null
}

/** The sheets of the course book (FORMATS.md): the term's grades, then the retakes. */
export const COURSE_SHEETS = ['學期成績', '補修成績', '重修成績', '重讀成績', '轉學轉科成績'] as const

/**
 * The course sheet the first of these names (a sheet's, then the file's) names; 學期成績 when
 * none does. A CSV's sheet name is its file name (`113_2_學期成績(1)`), so its records key
 * the same as the workbook's 學期成績 sheet, whatever the download was called.
 */
export function courseSheetOf(...names: string[]): string {
  for (const name of names) {
    const n = normHeader(name)
    const found = COURSE_SHEETS.find((s) => n.includes(s))
    if (found) return found
  }
  return COURSE_SHEETS[0]
}

export const SHAPES: Record<ImportShape, ShapeSpec> = {
  roster: {
    shape: 'roster',
    fileKind: 'roster',
    fields: [
      required(STUDENT_NO), required(NAME), required(CLASS), required(SEAT), NATIONAL_ID, BIRTH,
      f('homeroomTeacher', '導師', 'text', ['班導師', '班導', '導師姓名']),
      f('grade', '年級', 'number'),
    ],
  },
  confirmationWide: {
    shape: 'confirmationWide',
    fileKind: 'confirmation',
    fields: [
      STUDENT_NO, NATIONAL_ID, NAME, CLASS, SEAT, TERM, YEAR, SEMESTER, required(KIND),
      f('state', '確認狀態', 'state', ['確認結果', '收訖確認狀態', '確認情形'], true),
      f('confirmedAt', '確認時間', 'dateTime', ['確認日期', '確認日期時間']),
      f('extra', '資料有多', 'text'),
      f('missing', '資料有少', 'text'),
      f('wrong', '資料有誤', 'text'),
    ],
    requiredAnyOf: [['studentNo', 'nationalId']],
  },
  confirmationLong: {
    shape: 'confirmationLong',
    fileKind: 'confirmation',
    fields: [
      f('ticketNo', '單號', 'id', ['回報單號', '案號']),
      required(KIND),
      f('category', '類別', 'text'),
      TERM, YEAR, SEMESTER, CLASS, NAME, SEAT, STUDENT_NO, NATIONAL_ID,
      f('errorType', '錯誤別', 'errorType', ['錯誤類別', '錯誤類型'], true),
      f('reason', '問題描述', 'text', ['錯誤描述', '回報內容', '問題說明'], true),
      f('reply', '答覆', 'text', ['回覆', '學校答覆']),
      f('reportedAt', '回報時間', 'dateTime', ['回報日期']),
    ],
    requiredAnyOf: [['studentNo', 'nationalId']],
  },
  course: {
    shape: 'course',
    fileKind: 'course',
    fields: [
      required(NATIONAL_ID), BIRTH, TERM, YEAR, SEMESTER,
      f('courseCode', '課程代碼', 'id', [], true),
      f('subjectName', '科目名稱', 'text', [], true),
      f('gradeOffered', '開課年級', 'id'),
      f('credits', '修課學分', 'number', ['學分數', '學分']),
      f('score', '學期學業成績', 'score', ['學業成績', '原始成績', '補修成績', '重修成績', '重讀成績']),
      f('passed', '成績及格', 'pass', ['是否及格', '及格']),
      f('makeupScore', '補考成績', 'score'),
      f('makeupPassed', '補考及格', 'pass'),
      f('creditCounted', '是否採計學分', 'credit', ['採計學分']),
      f('qualitative', '質性文字描述', 'text'),
    ],
    distinctive: ['score', 'passed', 'creditCounted', 'makeupScore'],
  },
  outcome: {
    shape: 'outcome',
    fileKind: 'outcome',
    fields: [
      required(NATIONAL_ID), BIRTH,
      // 1131 in one column, or (as the central database's JSON writes it) 113 and 1 in two.
      f('actualYear', '實際修課學年度', 'year', ['修課學年度']),
      f('actualTerm', '實際修課學期', 'termOrSemester', ['修課學期']),
      TERM, YEAR, SEMESTER,
      f('courseCode', '課程代碼', 'id'),
      f('subjectName', '科目名稱', 'text', [], true),
      f('gradeOffered', '開課年級', 'id'),
      f('credits', '修課學分', 'number', ['學分數']),
      f('summary', '成果簡述', 'text', ['成果說明', '內容簡述']),
    ],
    distinctive: ['summary', 'actualTerm'],
    nameScore: (sheet, file) => (/學習成果/.test(sheet + file) ? 2 : 0),
  },
  cadre: {
    shape: 'cadre',
    fileKind: 'cadre',
    fields: [
      required(NATIONAL_ID), BIRTH, TERM, YEAR, SEMESTER,
      f('unitName', '單位名稱', 'text', [], true),
      f('role', '擔任職務', 'text', ['職務名稱'], true),
      f('startDate', '開始日期', 'date', ['起始日期', '任職起日']),
      f('endDate', '結束日期', 'date', ['任職迄日']),
      f('level', '幹部等級', 'cadreLevel', ['幹部類別']),
    ],
    // The performance book has a sheet 幹部經歷暨事蹟紀錄 with the same columns: that one is a performance.
    nameScore: (sheet, file) => (categoryOf(sheet) ? -Infinity : /幹部/.test(sheet + file) ? 2 : 0),
  },
  performance: {
    shape: 'performance',
    fileKind: 'performance',
    fields: [
      required(NATIONAL_ID), BIRTH, TERM, YEAR, SEMESTER,
      f('title', '名稱', 'text', [
        '競賽名稱', '證照名稱', '檢定名稱', '作品名稱', '課程名稱', '服務名稱', '活動名稱', '團體活動內容名稱',
        '內容名稱', '職場學習單位', '表現名稱', '擔任職務', '單位名稱', '名稱',
      ]),
    ],
    // Every category's own columns are kept as data; the category is the sheet's (or file's) name.
    nameScore: (sheet, file) => (categoryOf(sheet) ?? categoryOf(file) ? 100 : -Infinity),
  },
}

export const fieldSpec = (shape: ImportShape, field: string) => SHAPES[shape].fields.find((s) => s.field === field)
