/**
 * The plan on a terminal: the plan document (document.ts) in colour. Ink lays it out, each line
 * in its own box so that a long line wraps under its own indentation, and renders it once to a
 * string: a plan is static, so nothing stays attached to the terminal.
 *
 * Ink spends about half a millisecond per line, so a plan longer than INK_LINE_LIMIT is coloured
 * line by line with node's styleText instead, and wrapping is left to the terminal: the same
 * words and colours, printed in well under a second for tens of thousands of changes.
 */
import { styleText } from 'node:util';
import { Box, renderToString, Text } from 'ink';
import type { Plan } from '../core/plan.js';
import { planDocument, type DocumentOptions, type Line, type Tone } from './document.js';

export const INK_LINE_LIMIT = 3_000;

interface Style {
  readonly color?: 'green' | 'yellow' | 'red' | 'cyan' | 'magenta';
  readonly bold?: boolean;
  readonly dimColor?: boolean;
}

const STYLES: Record<Tone, Style> = {
  heading: { bold: true },
  add: { color: 'green' },
  change: { color: 'yellow' },
  remove: { color: 'red' },
  adopt: { color: 'cyan' },
  skip: { color: 'magenta' },
  muted: { dimColor: true },
  error: { color: 'red', bold: true },
  warning: { color: 'yellow' },
};

function PlanLine({ line, color }: { readonly line: Line; readonly color: boolean }) {
  return (
    <Box paddingLeft={line.indent}>
      <Text>
        {line.segments.length === 0
          ? ' '
          : line.segments.map((segment, i) => (
              <Text key={i} {...(segment.tone && color ? STYLES[segment.tone] : {})}>
                {segment.text}
              </Text>
            ))}
      </Text>
    </Box>
  );
}

function PlanView({ lines, color }: { readonly lines: readonly Line[]; readonly color: boolean }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <PlanLine key={i} line={line} color={color} />
      ))}
    </Box>
  );
}

function styled(text: string, tone: Tone | undefined, color: boolean): string {
  if (!tone || !color) return text;
  const style = STYLES[tone];
  const formats = [...(style.color ? [style.color] : []), ...(style.bold ? (['bold'] as const) : []), ...(style.dimColor ? (['dim'] as const) : [])];
  return styleText(formats, text);
}

export interface TerminalOptions extends DocumentOptions {
  readonly columns: number;
  /** False: no colours or styles (NO_COLOR, --no-color). Default true. */
  readonly color?: boolean;
}

export function renderTerminal(plan: Plan, options: TerminalOptions): string {
  const lines = planDocument(plan, options);
  const color = options.color !== false;
  if (lines.length > INK_LINE_LIMIT) {
    return `${lines.map((l) => `${' '.repeat(l.indent)}${l.segments.map((s) => styled(s.text, s.tone, color)).join('')}`).join('\n')}\n`;
  }
  return `${renderToString(<PlanView lines={lines} color={color} />, { columns: options.columns })}\n`;
}
