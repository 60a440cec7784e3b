/**
 * The plan on a terminal: the plan document (document.ts) laid out by ink, with colours for
 * actions and severities and lines wrapped to the terminal's width. Rendered once to a string:
 * a plan is static, so nothing stays attached to the terminal.
 */
import { Box, renderToString, Text } from 'ink';
import type { Plan } from '../core/plan.js';
import { planDocument, type DocumentOptions, type Line, type Tone } from './document.js';

interface Style {
  readonly color?: string;
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

function PlanLine({ line }: { readonly line: Line }) {
  return (
    <Box paddingLeft={line.indent}>
      <Text>
        {line.segments.length === 0
          ? ' '
          : line.segments.map((segment, i) => (
              <Text key={i} {...(segment.tone ? STYLES[segment.tone] : {})}>
                {segment.text}
              </Text>
            ))}
      </Text>
    </Box>
  );
}

function PlanView({ lines }: { readonly lines: readonly Line[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <PlanLine key={i} line={line} />
      ))}
    </Box>
  );
}

export interface TerminalOptions extends DocumentOptions {
  readonly columns: number;
}

export function renderTerminal(plan: Plan, options: TerminalOptions): string {
  return `${renderToString(<PlanView lines={planDocument(plan, options)} />, { columns: options.columns })}\n`;
}
