import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  type LabelProps,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useLanguage } from '../i18n/language-context.tsx';

/** One bar: its label, its value, and the value as the table and tooltip write it. */
export interface ChartRow {
  readonly label: string;
  readonly value: number;
  readonly shown: string;
}

interface ChartFigureProps {
  readonly title: string;
  readonly labelHeading: string;
  readonly valueHeading: string;
  readonly rows: readonly ChartRow[];
}

const BAR_HEIGHT = 36;

/**
 * A horizontal bar chart (bars grow from the reading start: right in Arabic) with the same data as
 * a visually hidden table: the chart is a picture for the eye, the table is what a screen reader
 * reads, so the chart itself is hidden from assistive technology. The chart is drawn left to right
 * in both languages (an SVG text anchor flips under `direction: rtl`) and mirrored here instead: the
 * labels on the right and the bars reversed.
 */
export function ChartFigure({ title, labelHeading, valueHeading, rows }: ChartFigureProps) {
  const { t, language } = useLanguage();
  const rtl = language === 'ar';
  if (rows.length === 0) {
    return (
      <figure className="chart">
        <figcaption>{title}</figcaption>
        <p>{t.report.nothingToShow}</p>
      </figure>
    );
  }
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-canvas" aria-hidden="true">
        <ResponsiveContainer width="100%" height={rows.length * BAR_HEIGHT + 40}>
          <BarChart
            data={[...rows]}
            layout="vertical"
            accessibilityLayer={false}
            margin={{ top: 8, right: 16, bottom: 8, left: 16 }}
          >
            <CartesianGrid horizontal={false} />
            {/* Room past the longest bar for its value. */}
            <XAxis type="number" reversed={rtl} hide domain={[0, (max: number) => max * 1.6]} />
            <YAxis
              type="category"
              dataKey="label"
              orientation={rtl ? 'right' : 'left'}
              width={150}
              tickLine={false}
            />
            <Tooltip formatter={(_value, _name, item) => (item.payload as ChartRow).shown} />
            <Bar dataKey="value" name={valueHeading} fill="#1d6b57" isAnimationActive={false}>
              <LabelList dataKey="shown" content={(props) => <BarValue {...props} rtl={rtl} />} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeading}</th>
            <th scope="col">{valueHeading}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.shown}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const VALUE_GAP = 6;

/** A bar's value just past its end: its left end in Arabic, its right end in English. */
function BarValue({ viewBox, value, rtl }: LabelProps & { readonly rtl: boolean }) {
  if (!viewBox || !('height' in viewBox)) return null;
  const { x = 0, y = 0, width = 0, height = 0 } = viewBox;
  const start = Math.min(x, x + width);
  const end = Math.max(x, x + width);
  return (
    <text
      className="chart-value"
      x={rtl ? start - VALUE_GAP : end + VALUE_GAP}
      y={y + height / 2}
      // Under `direction`, the start is the right edge in Arabic: the text runs away from the bar.
      direction={rtl ? 'rtl' : 'ltr'}
      textAnchor="start"
      dominantBaseline="central"
    >
      {value}
    </text>
  );
}
