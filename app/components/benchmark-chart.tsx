/**
 * The benchmark chart: server-rendered SVG, horizontal bars on one scale, each bar labelled in
 * words (measure, amount, period, evidence grade) and each grade drawn with its own pattern as
 * well as its own colour, so neither colour nor pattern is the only cue. Only amounts are drawn;
 * a percentage saving is named in the chart and listed in the table that follows it.
 */
import type { EvidenceGrade } from "~/lib/fixed-lists";
import { formatMoney } from "~/lib/money";
import { EVIDENCE_LABELS } from "~/lib/partnership-labels";
import { sentenceCase } from "~/lib/labels";
import { formatPercentRange, periodPhrase, type SavingFigure } from "~/lib/savings";

export type ChartSaving = Pick<SavingFigure, "kind" | "amountPence" | "percentLow" | "percentHigh" | "period" | "evidence"> & { id: number };
export type ChartPartnership = { slug: string; name: string; contractValuePence: number | null; savings: ChartSaving[] };
export type ChartGroup = { slug: string; name: string; partnerships: ChartPartnership[] };

/**
 * Two layouts of the same chart: the wide one for a tablet or larger, the narrow one drawn for a
 * phone's width with its labels wrapped shorter, so it fits the screen at its natural text size
 * (issue 14, item 14). CSS shows one; the other is display:none, out of the accessibility tree.
 */
type Shape = { width: number; nameChars: number; labelChars: number };
const WIDE: Shape = { width: 720, nameChars: 78, labelChars: 92 };
const NARROW: Shape = { width: 330, nameChars: 34, labelChars: 40 };
const BAR_HEIGHT = 14;
const KEY_ROW = 24;
/** Six key rows, then the line about the scale. */
const KEY_BOTTOM = 30 + 6 * KEY_ROW + 28;
const TEXT = "#0b0c0c";
const CONTRACT_COLOUR = "#0b0c0c";

/** Dark enough for 3:1 against white (WCAG 1.4.11); hues follow the grade's GOV.UK tag. */
export const GRADE_COLOURS: Record<EvidenceGrade, string> = {
  supplier_estimate: "#b14f00",
  force_reported: "#1d70b8",
  disputed: "#d4351c",
  independently_verified: "#1a7f76",
  audited: "#00703c",
};

const GRADE_PATTERN_NAMES: Record<EvidenceGrade, string> = {
  supplier_estimate: "diagonal stripes",
  force_reported: "dots",
  disputed: "cross-hatching",
  independently_verified: "horizontal stripes",
  audited: "solid",
};

const GRADES: EvidenceGrade[] = ["supplier_estimate", "force_reported", "disputed", "independently_verified", "audited"];

function Pattern({ grade, id }: { grade: EvidenceGrade; id: string }) {
  const c = GRADE_COLOURS[grade];
  switch (grade) {
    case "supplier_estimate":
      return (
        <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#ffffff" />
          <rect width="3" height="6" fill={c} />
        </pattern>
      );
    case "force_reported":
      return (
        <pattern id={id} patternUnits="userSpaceOnUse" width="5" height="5">
          <rect width="5" height="5" fill="#ffffff" />
          <circle cx="2.5" cy="2.5" r="1.6" fill={c} />
        </pattern>
      );
    case "disputed":
      return (
        <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6">
          <rect width="6" height="6" fill="#ffffff" />
          <path d="M0 0L6 6M6 0L0 6" stroke={c} strokeWidth="1.4" />
        </pattern>
      );
    case "independently_verified":
      return (
        <pattern id={id} patternUnits="userSpaceOnUse" width="4" height="4">
          <rect width="4" height="4" fill="#ffffff" />
          <rect width="4" height="2" fill={c} />
        </pattern>
      );
    case "audited":
      return (
        <pattern id={id} patternUnits="userSpaceOnUse" width="4" height="4">
          <rect width="4" height="4" fill={c} />
        </pattern>
      );
  }
}

/** Splits text into lines of about `chars` characters at spaces (SVG text does not wrap). */
function wrap(text: string, chars: number) {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && (line + " " + word).length > chars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const KIND_WORDS = { targeted: "Targeted saving", reported: "Reported saving" };

export function savingBarLabel(s: ChartSaving) {
  const amount = s.amountPence !== null ? formatMoney(s.amountPence) : formatPercentRange(s.percentLow ?? 0, s.percentHigh);
  return [`${KIND_WORDS[s.kind]}: ${amount}`, periodPhrase(s.period)].filter(Boolean).join(" ") + ` — ${EVIDENCE_LABELS[s.evidence]}`;
}

type Item =
  | { kind: "group"; y: number; text: string }
  | { kind: "name"; y: number; lines: string[] }
  | { kind: "bar"; y: number; lines: string[]; width: number; fill: string; stroke: string; data: Record<string, string> }
  | { kind: "note"; y: number; lines: string[] };

function layout(groups: ChartGroup[], maxPence: number, shape: Shape, patternId: (grade: EvidenceGrade) => string) {
  const items: Item[] = [];
  let y = KEY_BOTTOM;
  const scale = (pence: number) => Math.max(2, (pence / maxPence) * (shape.width - 4));
  for (const g of groups) {
    y += 12;
    items.push({ kind: "group", y: y + 18, text: sentenceCase(g.name) });
    y += 34;
    for (const p of g.partnerships) {
      const lines = wrap(p.name, shape.nameChars);
      items.push({ kind: "name", y: y + 16, lines });
      y += lines.length * 20 + 6;
      const bar = (labelText: string, pence: number, fill: string, stroke: string, data: Record<string, string>) => {
        const labelLines = wrap(labelText, shape.labelChars);
        items.push({ kind: "bar", y, lines: labelLines, width: scale(pence), fill, stroke, data });
        y += labelLines.length * 18 + BAR_HEIGHT + 12;
      };
      if (p.contractValuePence !== null)
        bar(`Contract value: ${formatMoney(p.contractValuePence)}`, p.contractValuePence, CONTRACT_COLOUR, CONTRACT_COLOUR, { "data-partnership": p.slug, "data-measure": "contract-value", "data-pence": String(p.contractValuePence) });
      for (const s of p.savings) {
        if (s.amountPence !== null) {
          bar(savingBarLabel(s), s.amountPence, `url(#${patternId(s.evidence)})`, GRADE_COLOURS[s.evidence], {
            "data-partnership": p.slug,
            "data-measure": s.kind,
            "data-saving-id": String(s.id),
            "data-pence": String(s.amountPence),
            "data-grade": s.evidence,
          });
        } else {
          const noteLines = wrap(`${savingBarLabel(s)}: a percentage, so not drawn (see the table)`, shape.labelChars);
          items.push({ kind: "note", y: y + 14, lines: noteLines });
          y += noteLines.length * 18 + 8;
        }
      }
      if (p.contractValuePence === null) {
        items.push({ kind: "note", y: y + 14, lines: ["Contract value not known"] });
        y += 26;
      }
      y += 8;
    }
  }
  return { items, height: y + 10 };
}

type ChartProps = { groups: ChartGroup[]; maxPence: number; title: string; id?: string };

export function BenchmarkChart({ id = "benchmark", ...props }: ChartProps) {
  return (
    <>
      <ChartSvg {...props} id={id} shape={WIDE} className="app-chart app-chart--wide" barClass="app-chart__bar" />
      <ChartSvg {...props} id={`${id}-narrow`} shape={NARROW} className="app-chart-narrow" barClass="app-chart-narrow__bar" />
    </>
  );
}

function ChartSvg({ groups, maxPence, title, id, shape, className, barClass }: Required<ChartProps> & { shape: Shape; className: string; barClass: string }) {
  // Pattern ids are the page's: each layout names its own, so the hidden one's never paints the other.
  const patternId = (g: EvidenceGrade) => `${id}-grade-${g}`;
  const { items, height } = layout(groups, Math.max(1, maxPence), shape, patternId);
  const legend: { label: string; fill: string; stroke: string }[] = [
    { label: "Contract value", fill: CONTRACT_COLOUR, stroke: CONTRACT_COLOUR },
    ...GRADES.map((g) => ({ label: `${EVIDENCE_LABELS[g]} (${GRADE_PATTERN_NAMES[g]})`, fill: `url(#${patternId(g)})`, stroke: GRADE_COLOURS[g] })),
  ];
  return (
    <svg className={className} role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${shape.width} ${height}`} width={shape.width} height={height} xmlns="http://www.w3.org/2000/svg" fontSize="14" fill={TEXT}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>
        {`Horizontal bars on one scale, the longest ${formatMoney(maxPence)}. For each partnership the first bar is its contract value and the others its savings figures, each labelled with whether it was targeted or reported, its amount and period, and its evidence grade. Percentage savings are named but not drawn. The table after the chart gives the same figures.`}
      </desc>
      <defs>
        {GRADES.map((g) => (
          <Pattern key={g} grade={g} id={patternId(g)} />
        ))}
      </defs>
      <text x="0" y="16" fontWeight="bold" fontSize="15">
        Key
      </text>
      {legend.map((l, i) => {
        const x = 0;
        const y = 30 + i * KEY_ROW;
        return (
          <g key={l.label}>
            <rect x={x} y={y} width="22" height={BAR_HEIGHT} fill={l.fill} stroke={l.stroke} strokeWidth="1.5" />
            <text x={x + 30} y={y + 12} fontSize="13">
              {l.label}
            </text>
          </g>
        );
      })}
      <text x="0" y={KEY_BOTTOM - 12} fontSize="13">
        {`Bars share one scale: the longest is ${formatMoney(maxPence)}.`}
      </text>
      {items.map((item, i) => {
        switch (item.kind) {
          case "group":
            return (
              <text key={i} x="0" y={item.y} fontSize="18" fontWeight="bold">
                {item.text}
              </text>
            );
          case "name":
            return (
              <text key={i} x="0" y={item.y} fontSize="15" fontWeight="bold">
                {item.lines.map((l, j) => (
                  <tspan key={j} x="0" dy={j === 0 ? 0 : 20}>
                    {l}
                  </tspan>
                ))}
              </text>
            );
          case "note":
            return (
              <text key={i} x="0" y={item.y} fontSize="13" fontStyle="italic">
                {item.lines.map((l, j) => (
                  <tspan key={j} x="0" dy={j === 0 ? 0 : 18}>
                    {l}
                  </tspan>
                ))}
              </text>
            );
          case "bar":
            return (
              <g key={i} className={barClass} {...item.data}>
                <text x="0" y={item.y + 14}>
                  {item.lines.map((l, j) => (
                    <tspan key={j} x="0" dy={j === 0 ? 0 : 18}>
                      {l}
                    </tspan>
                  ))}
                </text>
                <rect x="1" y={item.y + item.lines.length * 18 + 4} width={item.width} height={BAR_HEIGHT} fill={item.fill} stroke={item.stroke} strokeWidth="1.5" />
              </g>
            );
        }
      })}
    </svg>
  );
}
