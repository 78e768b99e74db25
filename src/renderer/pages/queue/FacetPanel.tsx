import { useState } from 'react'
import { FACET_LABELS, type Facet, type FacetCount, type QueueFacets, type QueueFilter } from '../../../shared/contract/queue'
import {
  DEADLINE_STATE_COLORS,
  DEADLINE_STATE_LABELS,
  ERROR_TYPE_LABELS,
  ITEM_STATUS_COLORS,
  ITEM_STATUS_LABELS,
  KIND_LABELS,
  SECTION_LABELS,
  type DeadlineState,
  type ItemStatus,
} from '../../../shared/domain'
import { HINT_STATE_LABELS } from '../../../shared/hints'

/** How a facet's values read. */
const VALUE_LABELS: Partial<Record<Facet, Record<string, string>>> = {
  section: SECTION_LABELS,
  kind: KIND_LABELS,
  errorType: ERROR_TYPE_LABELS,
  status: ITEM_STATUS_LABELS,
  deadline: DEADLINE_STATE_LABELS,
  hint: HINT_STATE_LABELS,
  changed: { yes: '新增或變更', no: '沒有變更' },
  vanished: { yes: '已消失', no: '仍在名單上' },
}

const ORDER: Facet[] = ['section', 'status', 'deadline', 'kind', 'term', 'errorType', 'hint', 'changed', 'vanished', 'className']

interface Props {
  facets: QueueFacets | undefined
  filter: QueueFilter
  onToggle(facet: Facet, value: string): void
  onClear(): void
}

/** Every facet with its live count (counted with the other filters applied, by core). */
export function FacetPanel({ facets, filter, onToggle, onClear }: Props) {
  const active = ORDER.some((f) => filter[f].length > 0) || filter.search !== ''
  return (
    <aside className="facet-panel" aria-label="篩選">
      <div className="facet-head">
        <span>篩選</span>
        {active && (
          <button type="button" className="link-button" onClick={onClear}>清除全部</button>
        )}
      </div>
      {ORDER.map((facet) => (
        <FacetGroup key={facet} facet={facet} values={facets?.facets[facet] ?? []}
          selected={filter[facet] as string[]} onToggle={(v) => onToggle(facet, v)} />
      ))}
    </aside>
  )
}

function FacetGroup({ facet, values, selected, onToggle }: {
  facet: Facet
  values: FacetCount[]
  selected: string[]
  onToggle(value: string): void
}) {
  const many = values.length > 12
  const [open, setOpen] = useState(!many)
  const shown = open ? values : values.filter((v) => selected.includes(v.value))
  return (
    <fieldset className="facet-group">
      <legend>
        {many ? (
          <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {FACET_LABELS[facet]} {open ? '▾' : '▸'}
          </button>
        ) : FACET_LABELS[facet]}
      </legend>
      <div className={many ? 'facet-values scroll' : 'facet-values'}>
        {shown.map((v) => {
          const id = `facet-${facet}-${v.value}`
          const checked = selected.includes(v.value)
          return (
            <label key={v.value} htmlFor={id} className={v.count === 0 && !checked ? 'facet-value empty' : 'facet-value'}>
              <input id={id} type="checkbox" checked={checked} onChange={() => onToggle(v.value)} />
              {facet === 'status' && (
                <span className="status-dot" style={{ background: ITEM_STATUS_COLORS[v.value as ItemStatus].ink }} />
              )}
              {facet === 'deadline' && (
                <span className="status-dot" style={{ background: DEADLINE_STATE_COLORS[v.value as DeadlineState].ink }} />
              )}
              <span className="facet-label">{VALUE_LABELS[facet]?.[v.value] ?? v.value}</span>
              <span className="facet-count" data-testid={`count-${facet}-${v.value}`}>{v.count.toLocaleString()}</span>
            </label>
          )
        })}
      </div>
    </fieldset>
  )
}
