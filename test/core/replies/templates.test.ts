import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExportResult } from '../../../src/shared/contract/export'
import { makeReportItem, makeStudent } from '../../helpers/factories'
import { historyOf, reload, refused, triageCore } from '../triage/helpers'
import { cellText, listOf, readBook } from '../export/helpers'

// 答覆範本: each section's templates in 設定, and a reply with placeholders saved on one item or
// many, each filled with its own item — the text stored, previewed and exported alike.

let t: Awaited<ReturnType<typeof triageCore>>
beforeEach(async () => (t = await triageCore()))
afterEach(() => t.cleanup())

const CORRECTED = '{姓名}同學您好：您回報的{學期}{項目}已由{處室}更正，請於{複查期间}複查。'

describe('reply templates per section', () => {
  it('ships the handout\'s three replies to every section until a section saves its own', async () => {
    const shipped = await t.call('replies.templates', {})
    for (const section of ['registration', 'activities', 'studentAffairs'] as const) {
      expect(shipped[section].map((x) => x.title)).toEqual(['已更正並重新提交', '資料正確', '原勾選資料無法更改'])
    }
    expect(shipped.registration[0].body).toContain('請於{複查期間}登入學習歷程檔案系統')
    expect(shipped.registration[2].body).toContain('若原本勾選提交的資料就有錯誤或不完整')

    const mine = [{ title: '已補登', body: '{姓名}同學：{項目}已補登。' }]
    const saved = await t.call('replies.saveTemplates', { section: 'activities', templates: mine })
    expect(saved.activities).toEqual(mine)
    expect(saved.registration).toEqual(shipped.registration)
    expect((await t.call('replies.templates', {})).activities).toEqual(mine)
    // Kept apart from the settings the settings page edits.
    expect(Object.keys(await t.call('settings.get', {})).sort()).toEqual(['dateStyle', 'operatorName', 'routing', 'schoolName', 'section'])
  })

  it('refuses a template naming a placeholder that does not exist, and keeps the saved ones', async () => {
    const before = await t.call('replies.templates', {})
    const error = await refused(t.call('replies.saveTemplates', {
      section: 'registration', templates: [{ title: '已更正', body: CORRECTED }],
    }))
    expect(error.code).toBe('unknown-placeholder')
    expect(error.message).toBe('範本「已更正」中的 {複查期间} 不是可用的欄位；可用的有 {姓名}、{項目}、{學期}、{複查期間}、{處室}。')
    expect(await t.call('replies.templates', {})).toEqual(before)
  })
})

describe('a reply with placeholders', () => {
  it('fills each selected item\'s own name, item, term and section, with the round\'s re-check window', async () => {
    const db = t.core.ctx.db
    const students = await Promise.all(Array.from({ length: 20 }, (_, i) => makeStudent(db, { name: `學生甲${i}` })))
    const items = []
    for (const [i, s] of students.entries()) {
      const kind = i % 4 === 0 ? 'cadre' : i % 2 === 0 ? 'outcome' : 'course'
      items.push(await makeReportItem(db, { student_id: s.id, kind, term: kind === 'outcome' ? '1131' : '1132', error_type: i % 3 === 0 ? 'missing' : 'extra' }))
    }
    const template = (await t.call('replies.templates', {})).registration[0].body
    const result = await t.call('triage.reply', { target: { items: items.map((x) => ({ id: x.id, version: x.version })) }, reply: template })
    expect(result.step).toMatchObject({ label: '修改答覆', itemCount: 20 })

    const first = await reload(t, items[0].id)
    expect(first.reply).toBe('學生甲0同學您好：您回報的113 學年度第 2 學期幹部經歷（資料有少），學務處訓育組已更正並重新提交至中央資料庫。' +
      '請於114/10/22 08:00 至 114/10/23 10:30登入學習歷程檔案系統，再次確認修改後的資料；如仍有疑義，請於複查期間內向學務處訓育組反映。')
    const second = await reload(t, items[2].id)
    expect(second.reply).toContain('學生甲2同學您好：您回報的113 學年度第 1 學期課程學習成果（資料有多），教務處註冊組已更正')
    for (const [i, it] of items.entries()) {
      const reply = (await reload(t, it.id)).reply!
      expect(reply.startsWith(`學生甲${i}同學您好`)).toBe(true)
      expect(reply).not.toMatch(/[{}]/)
    }
    // The history records what the student is told.
    expect((await historyOf(t, items[1].id)).find((h) => h.field === 'reply')?.new_value).toContain('學生甲1同學您好')
    // One step: undone at once.
    await t.call('triage.undo', {})
    expect((await reload(t, items[5].id)).reply).toBeNull()
  })

  it('previews exactly the text it saves, in this PC\'s calendar, and reads full-width braces as placeholders', async () => {
    await t.call('settings.update', { dateStyle: 'gregorian' })
    const item = await makeReportItem(t.core.ctx.db, { student_id: (await makeStudent(t.core.ctx.db, { name: '林怡萱' })).id })
    const text = '｛姓名｝同學：請於{複查期間}複查{項目}。'
    const [preview] = await t.call('replies.preview', { itemIds: [item.id], text })
    expect(preview).toEqual({ itemId: item.id, studentName: '林怡萱', text: '林怡萱同學：請於2025/10/22 08:00 至 2025/10/23 10:30複查修課紀錄（資料有多）。' })
    await t.call('triage.reply', { target: { items: [{ id: item.id, version: item.version }] }, reply: text })
    expect((await reload(t, item.id)).reply).toBe(preview.text)
  })

  it('refuses a reply with an unknown placeholder and changes no item', async () => {
    const item = await makeReportItem(t.core.ctx.db)
    const error = await refused(t.call('triage.reply', { target: { items: [{ id: item.id, version: item.version }] }, reply: '{名字}同學您好' }))
    expect(error.message).toContain('答覆中的 {名字} 不是可用的欄位')
    expect(await reload(t, item.id)).toEqual(item)
  })

  it('is listed filled in the replies workbook', async () => {
    const db = t.core.ctx.db
    const a = await makeReportItem(db, { student_id: (await makeStudent(db, { name: '王小明', class_name: '201' })).id })
    const b = await makeReportItem(db, { student_id: (await makeStudent(db, { name: '陳美玲', class_name: '202' })).id, error_type: 'missing' })
    await t.call('triage.reply', { target: { items: [a, b].map((x) => ({ id: x.id, version: x.version })) }, reply: '{姓名}：{項目}已更正。' })
    const path = join(t.dir, '答覆.xlsx')
    t.host.savePaths.push(path)
    const started = await t.call('export.run', { workbook: 'replies' })
    if (started.state !== 'started') throw new Error('not started')
    await t.core.ctx.jobs.wait<ExportResult>(started.jobId)
    const { rows } = listOf((await readBook(path)).getWorksheet('回報答覆')!)
    expect(rows.map((r) => cellText(r['學校答覆']))).toEqual(['王小明：修課紀錄（資料有多）已更正。', '陳美玲：修課紀錄（資料有少）已更正。'])
  })
})
