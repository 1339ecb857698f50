// The shared protocol vectors of docs/protocol/vectors (see its README), which the Java tests run
// too. Read from the repository, so this suite runs from a fresh clone.
import { readFileSync } from 'node:fs';

const DIR = new URL('../../../docs/protocol/vectors/', import.meta.url);

/** A vector file, e.g. 'codes.json', parsed. */
export function load(file) {
  return JSON.parse(readFileSync(new URL(file, DIR), 'utf8'));
}

/** A vector string: a JSON string, or {prefix, repeat, times, suffix} for long ones; null stays null. */
export function string(value) {
  if (value === null || typeof value === 'string') return value;
  return (value.prefix ?? '') + value.repeat.repeat(value.times) + (value.suffix ?? '');
}

/** The value of limit `name` of limits.json. */
export function limit(name) {
  const entry = load('limits.json').limits.find((l) => l.name === name);
  if (entry === undefined) throw new Error(`limits.json has no limit ${name}`);
  return entry.value;
}
