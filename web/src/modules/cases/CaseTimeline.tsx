import { Image, Space, Timeline } from 'antd';
import { actionNames, type CaseAction } from '../../../../contracts/cases.js';
import { useI18n } from '../../i18n.js';
import { casesApi, type CaseFull } from './api.js';
import { fmtTime } from './format.js';

/** Steps that went wrong (red) or warn (orange); the rest are blue. */
const RED = ['overdue', 'auto_escalate', 'verify_fail', 'reject', 'return'];

/**
 * A case's timeline as both the console and the phone show it: each step's name (not its code),
 * who took it, when, its note and photos, and its colour.
 */
export function timelineOf(d: CaseFull, lang: 'zh' | 'en') {
  return d.timeline.map((e) => ({
    id: e.id,
    title: actionNames[e.action as CaseAction]?.[lang] ?? e.action,
    actor: e.actorName ?? '',
    at: fmtTime(e.at),
    note: e.note,
    photos: e.photos,
    color: RED.includes(e.action) ? 'red' : e.action === 'warning' ? 'orange' : 'blue',
  }));
}

/** The console's timeline of a case. */
export function CaseTimeline({ detail }: { detail: CaseFull }) {
  const { lang } = useI18n();
  return (
    <Timeline
      data-testid="case-timeline"
      items={timelineOf(detail, lang).map((e) => ({
        color: e.color,
        content: (
          <div>
            <b>{e.title}</b> · {e.actor} · {e.at}
            {e.note && <div style={{ color: '#555' }}>{e.note}</div>}
            {e.photos.length > 0 && (
              <Space>
                {e.photos.map((p) => (
                  <Image key={p} width={56} src={casesApi.photoUrl(p, true)} preview={{ src: casesApi.photoUrl(p) }} />
                ))}
              </Space>
            )}
          </div>
        ),
      }))}
    />
  );
}
