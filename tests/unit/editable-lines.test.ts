import { describe, expect, it } from 'vitest';
import { applyLineAction, lineErrorsAsFieldErrors, readLineAction, readLines, type LineGroup } from '../../src/lib/editable-lines.js';

const group: LineGroup<'name' | 'amount'> = { name: 'luik1', fields: ['name', 'amount'], maxLines: 3 };

describe('readLines', () => {
  it('reads indexed lines in page order, ignoring other groups, unknown fields and lines beyond the limit', () => {
    const body = {
      'luik1[5][name]': 'vijf',
      'luik1[0][name]': 'nul',
      'luik1[0][amount]': '1,00',
      'luik1[0][evil]': 'x',
      'luik2[0][name]': 'ander',
      'luik1[3][name]': 'te veel',
      'luik1[1][name]': ['eerste', 'tweede'],
      other: 'y',
    };
    expect(readLines(body, group)).toEqual([
      { name: 'nul', amount: '1,00' },
      { name: 'eerste', amount: '' },
    ]);
  });
});

describe('readLineAction and applyLineAction', () => {
  it('reads add, remove, confirmRemove and other buttons, only for known groups', () => {
    expect(readLineAction({ add: 'luik1' }, ['luik1'])).toEqual({ kind: 'add', group: 'luik1' });
    expect(readLineAction({ remove: 'luik1:2' }, ['luik1'])).toEqual({ kind: 'remove', group: 'luik1', index: 2 });
    expect(readLineAction({ confirmRemove: 'luik1:0', remove: 'luik1:1' }, ['luik1'])).toEqual({ kind: 'confirmRemove', group: 'luik1', index: 0 });
    expect(readLineAction({ add: 'luik9', action: 'save' }, ['luik1'])).toEqual({ kind: 'other', action: 'save' });
    expect(readLineAction({ remove: 'luik1:x' }, ['luik1'])).toEqual({ kind: 'other', action: '' });
  });

  it('adds a new line up to the limit and removes the confirmed one', () => {
    const lines = [{ name: 'a', amount: '' }, { name: 'b', amount: '' }];
    const fresh = () => ({ name: 'nieuw', amount: '' });
    expect(applyLineAction(lines, group, { kind: 'add', group: 'luik1' }, fresh)).toHaveLength(3);
    expect(applyLineAction([...lines, fresh()], group, { kind: 'add', group: 'luik1' }, fresh)).toHaveLength(3);
    expect(applyLineAction(lines, group, { kind: 'add', group: 'luik2' }, fresh)).toBe(lines);
    expect(applyLineAction(lines, group, { kind: 'confirmRemove', group: 'luik1', index: 0 }, fresh)).toEqual([{ name: 'b', amount: '' }]);
    expect(applyLineAction(lines, group, { kind: 'remove', group: 'luik1', index: 0 }, fresh)).toBe(lines);
  });
});

describe('lineErrorsAsFieldErrors', () => {
  it('puts the short message beside the field and the located one in the summary, both on the field id', () => {
    const result = lineErrorsAsFieldErrors([{ group: 'luik1', line: 1, field: 'amount', text: 'Vul een bedrag in.' }], (e) => `Lijn ${e.line + 1}, bedrag`);
    expect(result.beside).toEqual([{ field: 'luik1-1-amount', text: 'Vul een bedrag in.' }]);
    expect(result.summary).toEqual([{ field: 'luik1-1-amount', text: 'Lijn 2, bedrag: Vul een bedrag in.' }]);
  });
});
