/**
 * Pieces shared by the partnership screens: the period filter, how a load that failed or was
 * refused is said, numbers and shares in the reader's language, and a stacked bar chart of shares
 * (recharts) with its data table behind it. Colour is never the only signal: each group has its
 * own fill pattern and the share is written in the bar and in the table.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { InfluenceLevel } from '../../../shared/decisions';
import type { Period } from '../../../shared/ledger';
import { locale } from '../decisions-state';
import type { Loadable } from '../hooks';
import { ErrorMessage, Field } from './Field';
import '../partnership.css';
import { formatInstant } from '../instants';
import { DateField } from './DateField';

export const isRecorder = (caller: { kind: string; role?: string }): boolean =>
  caller.kind === 'owner' || caller.role === 'co-chair' || caller.role === 'secretary';

export function useFormat() {
  const { i18n } = useTranslation();
  const loc = locale(i18n.language);
  return {
    number: (n: number) => new Intl.NumberFormat(loc, { maximumFractionDigits: 1 }).format(n),
    share: (n: number) =>
      new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 0 }).format(n),
    /** A day as the app says it everywhere (« 1er janvier 2026 »). */
    day: (iso: string) => formatInstant(iso, i18n.language),
    shortDay: (iso: string) =>
      new Intl.DateTimeFormat(loc, { day: 'numeric', month: 'short' }).format(new Date(iso)),
    month: (ym: string) => {
      const [y, m] = ym.split('-').map(Number);
      return new Intl.DateTimeFormat(loc, { month: 'short', year: 'numeric' }).format(
        new Date(y!, m! - 1, 1),
      );
    },
    minutes: (seconds: number) =>
      new Intl.NumberFormat(loc, { style: 'unit', unit: 'minute', maximumFractionDigits: 0 }).format(
        Math.round(seconds / 60),
      ),
  };
}

/** Loading, a plain message on a refusal (403), or the error; `children` once ready. */
export function LoadState<T>({ load, children }: { load: Loadable<T>; children: (value: T) => ReactNode }) {
  const { t } = useTranslation();
  if (load.state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  if (load.state === 'error') {
    if (load.code === 'forbidden')
      return (
        <p className="notice" role="alert">
          {t('partnership.forbidden')}
        </p>
      );
    return <ErrorMessage message={t('common.error', { message: load.message })} />;
  }
  return <>{children(load.value)}</>;
}

/** A period: a calendar year among those with meetings, all time, or days chosen by hand. */
export function PeriodFilter({
  years,
  period,
  onChange,
}: {
  years: number[];
  period: Period;
  onChange: (p: Period) => void;
}) {
  const { t } = useTranslation();
  const yearOf = (p: Period) => {
    const y = p.from?.slice(0, 4);
    return p.from && p.to && p.from === `${y}-01-01` && p.to === `${y}-12-31`
      ? y!
      : p.from || p.to
        ? 'custom'
        : 'all';
  };
  const chosen = yearOf(period);
  const [error, setError] = useState(false);
  // A period that ends before it starts is not asked for: said here, in plain words.
  const change = (next: Period) => {
    const wrong = !!next.from && !!next.to && next.from > next.to;
    setError(wrong);
    if (!wrong) onChange(next);
  };
  return (
    <div className="period-filter" role="group" aria-label={t('partnership.period.label')}>
      <Field label={t('partnership.period.year')}>
        {(id) => (
          <select
            id={id}
            value={chosen}
            onChange={(e) => {
              const v = e.target.value;
              if (v === 'all') change({});
              else if (v !== 'custom') change({ from: `${v}-01-01`, to: `${v}-12-31` });
            }}
          >
            <option value="all">{t('partnership.period.all')}</option>
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
            {chosen === 'custom' && <option value="custom">{t('partnership.period.custom')}</option>}
          </select>
        )}
      </Field>
      <DateField
        label={t('partnership.period.from')}
        value={period.from ?? ''}
        onChange={(v) => change({ ...period, from: v || undefined })}
      />
      <DateField
        label={t('partnership.period.to')}
        value={period.to ?? ''}
        onChange={(v) => change({ ...period, to: v || undefined })}
      />
      {error && (
        <p className="error" role="alert">
          {t('partnership.period.wrongOrder')}
        </p>
      )}
    </div>
  );
}

/** The three groups of the balance of voice, drawn in this order, each with a colour and a pattern. */
export const GROUP_STYLE = {
  partners: { color: '#0b5cad', pattern: 'solid' },
  professionals: { color: '#8a4b00', pattern: 'stripes' },
  others: { color: '#4d4d4d', pattern: 'dots' },
} as const;

export interface ShareSeries {
  key: string;
  label: string;
  color: string;
  pattern: 'solid' | 'stripes' | 'dots';
}

/** SVG patterns, one per series: stripes and dots drawn in white over the series' colour. */
function Patterns({ idBase, series }: { idBase: string; series: ShareSeries[] }) {
  return (
    <defs>
      {series.map((s) => (
        <pattern
          key={s.key}
          id={`${idBase}-${s.key}`}
          width="8"
          height="8"
          patternUnits="userSpaceOnUse"
          patternTransform={s.pattern === 'stripes' ? 'rotate(45)' : undefined}
        >
          <rect width="8" height="8" fill={s.color} />
          {s.pattern === 'stripes' && <rect width="3" height="8" fill="#ffffff" fillOpacity="0.45" />}
          {s.pattern === 'dots' && <circle cx="4" cy="4" r="1.6" fill="#ffffff" fillOpacity="0.7" />}
        </pattern>
      ))}
    </defs>
  );
}

/**
 * A horizontal 100 % stacked bar chart: one bar per row, a segment per series, each segment
 * labelled with its share. The chart is an image for assistive technology (its label and a
 * summary); the same figures are in the table below it.
 */
export function ShareChart({
  title,
  summary,
  rows,
  series,
  table,
  testId,
}: {
  title: string;
  summary: string;
  /** `label` names the bar; series' values are shares from 0 to 1. */
  rows: ({ label: string } & Record<string, number | string>)[];
  series: ShareSeries[];
  table: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const idBase = useId().replace(/:/g, '');
  // On a narrow screen (a phone, 200 % zoom) the names of the bars take less of the width (on more
  // lines, so the bars are further apart), and only shares wide enough to hold their label are
  // labelled (the table has them all).
  const [width, setWidth] = useState(0);
  const narrow = width > 0 && width < 560;
  const height = Math.max(120, rows.length * (narrow ? 60 : 44) + 70);
  return (
    <figure className="share-chart" data-testid={testId}>
      <figcaption>
        <h3>{title}</h3>
      </figcaption>
      {rows.length === 0 ? (
        <p className="empty">{t('partnership.noData')}</p>
      ) : (
        <>
          <div role="img" aria-label={title} aria-describedby={`${idBase}-summary`} className="chart-box">
            <ResponsiveContainer width="100%" height={height} onResize={(w) => setWidth(w)}>
              <BarChart
                data={rows}
                layout="vertical"
                margin={{ left: 8, right: 16 }}
                accessibilityLayer={false}
              >
                <Patterns idBase={idBase} series={series} />
                <CartesianGrid horizontal={false} strokeDasharray="3 3" />
                <XAxis
                  type="number"
                  domain={[0, 1]}
                  ticks={[0, 0.25, 0.5, 0.75, 1]}
                  tickFormatter={(v: number) => f.share(v)}
                  tick={{ fill: '#1f1f1f' }}
                />
                <YAxis
                  type="category"
                  dataKey="label"
                  width={narrow ? 100 : 190}
                  tick={{ fill: '#1f1f1f', fontSize: narrow ? 11 : 13 }}
                />
                <Legend itemSorter={null} />
                {series.map((s) => (
                  <Bar
                    key={s.key}
                    dataKey={s.key}
                    name={s.label}
                    stackId="share"
                    fill={`url(#${idBase}-${s.key})`}
                    stroke={s.color}
                    isAnimationActive={false}
                  >
                    <LabelList
                      dataKey={s.key}
                      position="inside"
                      fill="#ffffff"
                      fontSize={12}
                      fontWeight={700}
                      formatter={(v: unknown) =>
                        typeof v === 'number' && v >= (narrow ? 0.2 : 0.08) ? f.share(v) : ''
                      }
                    />
                  </Bar>
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <p id={`${idBase}-summary`} className="chart-summary">
            {summary}
          </p>
          <details className="chart-table">
            <summary>{t('partnership.showTable')}</summary>
            <TableScroll label={title}>{table}</TableScroll>
          </details>
        </>
      )}
    </figure>
  );
}

/** The legend said in words: which pattern is which group. */
export function PatternKey({ series }: { series: ShareSeries[] }) {
  const { t } = useTranslation();
  return (
    <ul className="pattern-key" aria-label={t('partnership.balance.key')}>
      {series.map((s) => (
        <li key={s.key}>
          <span
            className={`group-swatch group-swatch-${s.pattern}`}
            style={{ backgroundColor: s.color }}
            aria-hidden="true"
          />
          {s.label} — {t(`partnership.balance.pattern.${s.pattern}`)}
        </li>
      ))}
    </ul>
  );
}

/** A decision card's head: its title, and the influence recorded as a badge. */
export function DecisionCardHead({ title, influence }: { title: string; influence: InfluenceLevel }) {
  const { t } = useTranslation();
  return (
    <div className="influence-head">
      <strong>{title}</strong>
      <span className={`influence-level influence-${influence}`}>
        {t('partnership.decisions.level', { level: t(`decisions.influence.levels.${influence}`) })}
      </span>
    </div>
  );
}

/**
 * A table in a box that scrolls sideways when the table is wider than the screen (a phone, 200 %
 * zoom), so that the page itself does not. Then the box can be reached with the keyboard (and
 * scrolled with the arrows) and is named by what it holds; otherwise it is not a stop of its own.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const check = () => setScrolls(box.scrollWidth > box.clientWidth + 1);
    check();
    // The box changes size with the screen; what it holds, when it loads or changes.
    const resized = new ResizeObserver(check);
    resized.observe(box);
    const changed = new MutationObserver(check);
    changed.observe(box, { childList: true, subtree: true, characterData: true });
    return () => {
      resized.disconnect();
      changed.disconnect();
    };
  }, []);
  return (
    <div
      ref={ref}
      className="table-scroll"
      {...(scrolls ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}
    >
      {children}
    </div>
  );
}
