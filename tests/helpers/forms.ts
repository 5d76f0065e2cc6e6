// Submits a server-rendered form as a browser without JavaScript would: every
// input of the form (hidden, text, checked boxes and radios) plus the pressed
// button, with the fields the "user" typed on top.
import type TestAgent from 'supertest/lib/agent.js';

export type FormBody = Record<string, string | string[]>;

const decode = (value: string) =>
  value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attributes(tag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of tag.matchAll(/\s([a-zA-Z-]+)(?:="([^"]*)")?/g)) result[match[1] as string] = decode(match[2] ?? '');
  return result;
}

/** The successful controls of the form posting to `action` (its first occurrence on the page). */
export function formFields(html: string, action: string): FormBody {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const end = html.indexOf('</form>', start);
  const body: FormBody = {};
  const add = (name: string, value: string) => {
    const existing = body[name];
    body[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  };
  for (const [tag] of html.slice(start, end).matchAll(/<input\b[^>]*>/g)) {
    const a = attributes(tag);
    if (!a.name || a.disabled !== undefined) continue;
    const type = a.type ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && a.checked === undefined) continue;
    add(a.name, a.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''));
  }
  return body;
}

/** Presses a button of the form (name=value) after typing `typed` (replacing those fields entirely). */
export function submitForm(agent: TestAgent, html: string, action: string, button: Record<string, string>, typed: FormBody = {}) {
  return agent
    .post(action)
    .type('form')
    .send({ ...formFields(html, action), ...typed, ...button });
}
