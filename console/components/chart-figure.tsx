import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
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
            <XAxis type="number" reversed={rtl} hide />
            <YAxis
              type="category"
              dataKey="label"
              orientation={rtl ? 'right' : 'left'}
              width={150}
              tickLine={false}
            />
            <Tooltip formatter={(_value, _name, item) => (item.payload as ChartRow).shown} />
            <Bar dataKey="value" name={valueHeading} fill="#1d6b57" isAnimationActive={false} />
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
