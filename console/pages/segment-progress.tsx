import type { CycleRecord, SegmentRecord } from '../../shared/cycles/cycle-record.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language-context.tsx';

interface SegmentProgressProps {
  readonly cycle: CycleRecord;
  readonly segments: readonly SegmentRecord[];
}

/**
 * How far the month has got: households assessed against the estimate, overall and per segment.
 * A segment's share of the estimate is the estimate divided evenly, as the plan split the table.
 */
export function SegmentProgress({ cycle, segments }: SegmentProgressProps) {
  const { t, language } = useLanguage();
  const seen = segments.reduce((sum, segment) => sum + segment.tally.householdsSeen, 0);
  const estimate = Math.max(cycle.householdEstimate, seen, 1);
  const perSegment = Math.max(Math.ceil(estimate / cycle.totalSegments), 1);

  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">{t.month.progress}</h2>
      <progress
        id="overall-progress"
        max={estimate}
        value={seen}
        aria-labelledby="progress-heading"
      />
      <p>
        {t.month.householdsSeen(formatNumber(language, seen), formatNumber(language, estimate))}
      </p>
      <h3>{t.month.segments}</h3>
      <ol className="segments">
        {segments.map((segment) => {
          const label = t.month.segment(formatNumber(language, segment.segment + 1));
          return (
            <li key={segment.segment} className={`segment segment-${segment.status}`}>
              <span>{label}</span>
              <progress
                aria-label={label}
                max={perSegment}
                value={
                  segment.status === 'done'
                    ? perSegment
                    : Math.min(segment.tally.householdsSeen, perSegment)
                }
              />
              <span className="badge">{t.month.segmentStatus[segment.status]}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
