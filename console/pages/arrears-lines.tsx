import { useLanguage } from '../i18n/language-context.tsx';

/** One arrears line of an acceptance: the month owed and its amount in halalas. */
export interface ArrearsLine {
  readonly cycle: string;
  readonly amountHalalas: number;
}

interface ArrearsLinesProps {
  readonly lines: readonly ArrearsLine[];
  readonly onChange: (lines: readonly ArrearsLine[]) => void;
}

const HALALAS_PER_RIYAL = 100;

/** The arrears an acceptance will pay, line by line; amounts are typed in riyals, kept in halalas. */
export function ArrearsLines({ lines, onChange }: ArrearsLinesProps) {
  const { t } = useLanguage();
  const change = (index: number, line: ArrearsLine) =>
    onChange(lines.map((current, at) => (at === index ? line : current)));

  return (
    <fieldset className="arrears">
      <legend>{t.objections.arrears}</legend>
      {lines.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their place
        <div key={index} className="arrears-line">
          <label>
            {t.objections.arrearsCycle}
            <input
              type="month"
              required
              value={line.cycle}
              onChange={(event) => change(index, { ...line, cycle: event.target.value })}
            />
          </label>
          <label>
            {t.objections.arrearsRiyals}
            <input
              type="number"
              min="0.01"
              step="0.01"
              required
              value={line.amountHalalas / HALALAS_PER_RIYAL}
              onChange={(event) =>
                change(index, {
                  ...line,
                  amountHalalas: Math.round(Number(event.target.value) * HALALAS_PER_RIYAL),
                })
              }
            />
          </label>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...lines, { cycle: '', amountHalalas: 0 }])}>
        {t.objections.addArrears}
      </button>
    </fieldset>
  );
}
