import { outcome } from '../components/CiStrip';
import { type RunState, stateMark } from './runState';

/**
 * A run, job or step's state as its codicon, coloured by tone, named by the state's word for
 * screen readers and tooltips; `decorative` when the word is written next to it anyway.
 */
export function StateIcon({ state, decorative = false }: { state: RunState; decorative?: boolean }) {
	const mark = stateMark(state);
	const word = outcome(state);
	const classes = `codicon codicon-${mark.icon}${mark.spin ? ' codicon-modifier-spin' : ''} state ${mark.tone}`;
	return decorative ? <span class={classes} aria-hidden="true" /> : <span class={classes} role="img" aria-label={word} title={word} />;
}
