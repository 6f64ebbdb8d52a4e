/**
 * Issue 13: a workflow is data (STYLE.md; Drupal content moderation): the states a thing may be in and, for each act
 * that moves it, the states it may be taken from, the state it leads to, who may take it and whether it needs a reason.
 * Every workflow of the platform (documents, service requests, incidents, tickets, the annual report, appointments)
 * is one such table, and code asks it through `transition`; no rule of a table is repeated in an `if`.
 *
 * Who may take an act is a list: roles (the organisation's data) and named rules that are not roles, such as "the
 * head of the unit the request is for" or "a PUBLISH grant in force for the document's unit on its channel". The
 * code that calls `transition` answers the named rules its table uses; a rule it does not answer denies.
 */
import { holdsAny, namesOf, orList } from './authority';
import { ROLES, type Caller, type Role } from './caller';
import { badInput, conflict, forbidden } from '../../platform/errors';

/** The pseudo-state of a thing not made yet: an act from NONE makes it; no act leads back to it. */
export type None = 'NONE';

/** One act of a workflow. */
export interface Step<State extends string, Rule extends string = never> {
  /** The states the act may be taken from; in any other, CONFLICT. */
  from: readonly State[];
  /** The state the act leads to. */
  to: Exclude<State, None>;
  /** Who may take it: any of these roles, or whoever satisfies any of these named rules; anyone else, FORBIDDEN. */
  who: readonly (Role | Rule)[];
  /** Whether the act is refused without a reason for the record (BAD_USER_INPUT). */
  needsReason: boolean;
}

/**
 * A workflow: its states, its acts, the names of its non-role rules, and its refusals in its own words.
 * `Extra` is what a workflow keeps beside each act (its audit action, its name once done); `About` is what its
 * messages may say besides the state (the annual report quotes why it was returned).
 */
export interface Workflow<
  State extends string,
  Act extends string,
  Rule extends string = never,
  Extra = unknown,
  About = never,
> {
  /** Every state, and NONE where an act makes the thing. */
  states: readonly State[];
  acts: { readonly [A in Act]: Step<State, Rule> & Extra };
  /** How refusals name whoever satisfies each named rule, as ROLE_NAMES names roles: "the head of the unit". */
  rules: { readonly [R in Rule]: string };
  /** The act in words after "Only <who> may": "decide on service requests (R-5.2.3)". */
  may(act: Act): string;
  /** Why the act cannot be taken in the current state; said with CONFLICT. Names the state and where it must be. */
  wrongState(current: State, act: Act, about?: About): string;
  /** The argument that carries the reason, and what is said when it is empty. */
  noReason(act: Act): { field: string; message: string };
}

/** The caller's standing under each named rule: true (satisfied), false, or a refusal in the rule's own words. */
export type Answers<Rule extends string> = { readonly [R in Rule]?: boolean | string };

export interface Taking<Rule extends string, About = never> {
  /** Answers to the named rules the act's `who` lists; a rule not answered denies. */
  rules?: Answers<Rule>;
  /** The reason given, if any; checked only when the act needs one. */
  reason?: string | null;
  /** What the messages may say besides the state. */
  about?: About;
}

/** Any workflow, for code that reads a table without caring which (the unit tests). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorkflow = Workflow<string, string, string, any, any>;

/** How refusals name who may take an act: "the editorial office or the head of the unit". */
export function whoNamed<Rule extends string>(
  workflow: { rules: { readonly [R in Rule]: string } },
  who: readonly (Role | Rule)[],
): string {
  return orList(who.map((entry) => (isRole(entry) ? namesOf(entry) : workflow.rules[entry as Rule])));
}

function isRole(entry: string): entry is Role {
  return (ROLES as readonly string[]).includes(entry);
}

/**
 * FORBIDDEN unless the caller may take the act. Called on its own where the act's `who` does not depend on the
 * thing, so a caller who may not act learns nothing of it, not even whether it exists (deny by default);
 * `transition` asks too.
 */
export function assertMayTake<State extends string, Act extends string, Rule extends string, Extra, About>(
  workflow: Workflow<State, Act, Rule, Extra, About>,
  act: Act,
  caller: Caller,
  rules: Answers<Rule> = {},
): void {
  const { who } = workflow.acts[act];
  if (holdsAny(caller, who.filter(isRole))) return;
  const named = who.filter((entry): entry is Rule => !isRole(entry));
  if (named.some((rule) => rules[rule] === true)) return;
  const because = named.map((rule) => rules[rule]).find((answer): answer is string => typeof answer === 'string');
  throw forbidden(because ?? `Only ${whoNamed(workflow, who)} may ${workflow.may(act)}.`);
}

/**
 * Takes an act, as the table says: FORBIDDEN for a caller it does not list, then CONFLICT from a state it does not
 * start from, then BAD_USER_INPUT for a missing reason it needs. Returns the state it leads to and the reason, trimmed.
 */
export function transition<State extends string, Act extends string, Rule extends string, Extra, About>(
  workflow: Workflow<State, Act, Rule, Extra, About>,
  act: Act,
  current: State,
  caller: Caller,
  taking: Taking<Rule, About> = {},
): { to: Exclude<State, None>; reason: string | null } {
  assertMayTake(workflow, act, caller, taking.rules);
  const step = workflow.acts[act];
  if (!step.from.includes(current)) throw conflict(workflow.wrongState(current, act, taking.about));
  const reason = taking.reason?.trim() || null;
  if (step.needsReason && !reason) {
    const { field, message } = workflow.noReason(act);
    throw badInput(message, field);
  }
  return { to: step.to, reason };
}

/**
 * The act that moves a thing to `to`, for workflows whose callers name the state they want (incidents, tickets).
 * An act that makes the thing (from NONE) is not a move.
 */
export function actLeadingTo<State extends string, Act extends string>(
  workflow: { acts: { readonly [A in Act]: { from: readonly State[]; to: State } } },
  to: State,
): Act | undefined {
  const moves = (Object.keys(workflow.acts) as Act[]).filter(
    (act) => !workflow.acts[act].from.includes('NONE' as State),
  );
  return moves.find((act) => workflow.acts[act].to === to);
}

/** A state in a sentence: "in progress", "not approved". */
export function stateWord(state: string): string {
  return state.toLowerCase().replace(/_/g, ' ');
}

/** "draft or unpublished". */
export function statesWords(states: readonly string[]): string {
  return orList(states.map(stateWord));
}

/** "a draft", "an archived": the article a state word takes. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/** A message that starts with a capital. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
