/**
 * The live apply view on a terminal (ink): done/total per action, the elapsed time and the ETA, the current wait for a
 * rate-limit window and its reason, the changes in flight, failures as they happen. It is redrawn
 * on every event and once a second for the countdowns; the summary is printed after it.
 */
import { Box, render, Text, type Instance } from 'ink';
import { ACTIONS } from '../core/change.js';
import type { ApplyEvent } from '../engine/events.js';
import { changesEnded, changesToMake, seconds, waitReason } from './apply-lines.js';
import { INITIAL_VIEW, reduceApplyView, type ApplyViewState } from './apply-view-state.js';

/** Changes in flight shown by address; the rest are counted. */
const SHOWN_RUNNING = 4;

/** Under two minutes the ETA is in seconds, so that it visibly counts down. */
export function etaWords(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `${s}s` : seconds(ms);
}

/**
 * The time left while work remains, never absent: the pace model's estimate counted down since it
 * was made, at least the current wait for a rate-limit window, and at least a second.
 */
export function etaLeft(state: ApplyViewState, now: number): number | undefined {
  const { progress } = state;
  if (!progress || changesEnded(progress) >= changesToMake(progress)) return undefined;
  const estimated = (progress.etaMs ?? 0) - (now - (state.etaAt ?? now));
  const waiting = state.wait ? state.wait.until - now : 0;
  return Math.max(estimated, waiting, 1000);
}

interface Paint {
  readonly color?: 'green' | 'yellow' | 'red' | 'cyan' | 'magenta';
  readonly bold?: boolean;
  readonly dimColor?: boolean;
}

/**
 * @param color false leaves colours and styles out (NO_COLOR, --no-color); the layout is the same
 */
export function ApplyView({ state, now, color = true }: { readonly state: ApplyViewState; readonly now: number; readonly color?: boolean }) {
  const paint = (style: Paint): Paint => (color ? style : {});
  const { progress } = state;
  const finished = progress ? changesEnded(progress) : 0;
  const waitMs = state.wait ? state.wait.until - now : 0;
  const eta = etaLeft(state, now);
  const more = state.running.length - SHOWN_RUNNING;
  return (
    <Box flexDirection="column">
      <Text>
        <Text {...paint({ bold: true })}>Applying</Text> {finished}/{progress ? changesToMake(progress) : 0} changes
        {state.startedAt !== undefined ? <Text {...paint({ dimColor: true })}>{`  ·  elapsed ${seconds(now - state.startedAt)}`}</Text> : null}
        {eta !== undefined ? <Text {...paint({ dimColor: true })}>{`  ·  ETA ${etaWords(eta)}`}</Text> : null}
        {state.budgetMs !== undefined ? <Text {...paint({ dimColor: true })}>{`  ·  budget ${seconds(state.budgetMs)}`}</Text> : null}
      </Text>
      {progress
        ? ACTIONS.filter((a) => progress.total[a] > 0).map((a) => (
            <Text key={a}>
              {`  ${a.padEnd(11)} `}
              <Text {...paint({ color: progress.done[a] === progress.total[a] ? 'green' : 'yellow' })}>{`${progress.done[a]}/${progress.total[a]}`}</Text>
            </Text>
          ))
        : null}
      {state.wait && waitMs > 0 ? (
        <Text {...paint({ color: 'cyan' })}>{`  waiting ${seconds(waitMs)} for ${state.wait.system} ${state.wait.group} requests: ${waitReason(state.wait.reason)}`}</Text>
      ) : null}
      {state.running.slice(0, SHOWN_RUNNING).map((address) => (
        <Text key={address} {...paint({ dimColor: true })}>{`  … ${address}`}</Text>
      ))}
      {more > 0 ? <Text {...paint({ dimColor: true })}>{`  … +${more} more`}</Text> : null}
      {state.failureCount > 0 ? <Text {...paint({ color: 'red', bold: true })}>{`  ${state.failureCount} failed:`}</Text> : null}
      {state.failures.map((line, i) => (
        <Text key={i} {...paint({ color: 'red' })}>{`    ${line}`}</Text>
      ))}
      {state.notices.map((notice, i) => (
        <Text key={i} {...paint({ color: 'magenta' })}>{`  ${notice}`}</Text>
      ))}
      {state.last ? <Text {...paint({ dimColor: true })}>{`  ${state.last}`}</Text> : null}
    </Box>
  );
}

export interface LiveView {
  readonly listener: (event: ApplyEvent) => void;
  /** Draws the final frame and releases the terminal. */
  stop(): void;
}

const REDRAW_MS = 1000;

export function startApplyView(stdout: NodeJS.WriteStream, now: () => number = Date.now, color = true): LiveView {
  let state = INITIAL_VIEW;
  const instance: Instance = render(<ApplyView state={state} now={now()} color={color} />, { stdout, patchConsole: false, exitOnCtrlC: false });
  const redraw = () => instance.rerender(<ApplyView state={state} now={now()} color={color} />);
  const timer = setInterval(redraw, REDRAW_MS);
  return {
    listener(event) {
      state = reduceApplyView(state, event, now());
      redraw();
    },
    stop() {
      clearInterval(timer);
      redraw();
      instance.unmount();
    },
  };
}
