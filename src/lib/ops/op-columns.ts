// A pull page packed by columns (`format=columns`, docs/sync.md). The same ops as the plain
// `{ops: [...]}` answer, laid out so that compression finds what repeats: ops of one shape (the
// same type and the same envelope and payload keys) share a group, each field is one column, a
// text column that repeats (member ids, dates, shifts) is indexes into the page's dictionary, whole
// numbers (seq) are differences, and UUIDv7 ids and HLCs are split into their milliseconds (as
// differences) and the rest. On sample data this takes brotli pages from about 40 to about 26 bytes
// per op (tests/integration/sync-pull.test.ts prints both).
// Packing never changes an op: unpack(pack(ops)) has the same keys and values, in the same order of
// ops (a property test says so; `payload` comes back as the last key, and no one compares bodies
// by key order: the body hash sorts keys). The store still validates every unpacked op as it
// validates a plain page.

/**
 * One column: plain values, indexes into the page's dictionary (as differences: a shift's members
 * come in the same order every day), differences of whole numbers, UUIDv7 ids or HLCs.
 */
export type PackedColumn =
	| { a: unknown[] }
	| { i: number[] }
	| { n: number[] }
	| { u: number[]; r: string[] }
	/** HLCs: milliseconds and counters as differences, devices as they are (brotli finds them). */
	| { h: [PackedColumn, PackedColumn, PackedColumn] };

export interface PackedGroup {
	/** How many ops. */
	l: number;
	/** Envelope keys, each a column; `payload` is not among them when `p` is given. */
	e: string[];
	/** Payload keys, each a column after the envelope's: present when every payload is an object. */
	p?: string[];
	c: PackedColumn[];
}

export interface PackedOps {
	v: 1;
	/** Texts that repeat across the page (member ids, dates…), which `i` columns index into. */
	d: string[];
	/** For each op, in page order, the index of its group. */
	g: number[];
	groups: PackedGroup[];
}

type Plain = Record<string, unknown>;

const uuidV7 = /^([0-9a-f]{8})-([0-9a-f]{4})-(7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;
/** UUIDv7's timestamp is 48 bits. */
const maxUuidMs = 0xffff_ffff_ffff;
const hlc = /^(\d{13}):(\d{6}):([A-Za-z0-9_-]{8,64})$/;
const uuidRest = /^7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function packOps(ops: readonly Plain[]): PackedOps {
	const groupOf = new Map<string, number>();
	const members: Plain[][] = [];
	const shapes: { e: string[]; p?: string[] }[] = [];
	const g = ops.map((op) => {
		const shape = shapeOf(op);
		const key = JSON.stringify(shape);
		let index = groupOf.get(key);
		if (index === undefined) {
			index = shapes.length;
			groupOf.set(key, index);
			shapes.push(shape);
			members.push([]);
		}
		members[index]!.push(op);
		return index;
	});
	const columns = shapes.map((shape, index) => {
		const rows = members[index]!;
		const values = shape.e.map((key) => rows.map((op) => op[key]));
		for (const key of shape.p ?? []) values.push(rows.map((op) => (op.payload as Plain)[key]));
		return values;
	});
	const dictionary = new Dictionary(columns.flat());
	const groups = shapes.map((shape, index) => ({
		...shape,
		l: members[index]!.length,
		c: columns[index]!.map((values) => packColumn(values, dictionary))
	}));
	return { v: 1, d: dictionary.texts, g, groups };
}

/** The ops of a packed page, or undefined when it is not one (a broken or foreign answer). */
export function unpackOps(packed: unknown): Plain[] | undefined {
	if (!isPlain(packed) || packed.v !== 1) return undefined;
	const { d, g, groups } = packed;
	if (!isTextList(d) || !Array.isArray(g) || !Array.isArray(groups)) return undefined;
	const unpacked: Plain[][] = [];
	for (const group of groups) {
		// No group holds more ops than the page: a forged length must not make the phone loop.
		if (!isPlain(group) || !Number.isSafeInteger(group.l) || (group.l as number) > g.length) {
			return undefined;
		}
		const rows = unpackGroup(group, d);
		if (!rows) return undefined;
		unpacked.push(rows);
	}
	const next = unpacked.map(() => 0);
	const ops: Plain[] = [];
	for (const index of g) {
		const rows = typeof index === 'number' ? unpacked[index] : undefined;
		const row = rows?.[next[index as number]!];
		if (!row) return undefined;
		next[index as number]! += 1;
		ops.push(row);
	}
	return next.every((used, index) => used === unpacked[index]!.length) ? ops : undefined;
}

function shapeOf(op: Plain): { e: string[]; p?: string[] } {
	const keys = Object.keys(op);
	if (!isPlain(op.payload)) return { e: keys };
	return { e: keys.filter((key) => key !== 'payload'), p: Object.keys(op.payload) };
}

function unpackGroup(group: unknown, dictionary: string[]): Plain[] | undefined {
	if (!isPlain(group) || !isTextList(group.e) || !Array.isArray(group.c)) return undefined;
	const length = group.l;
	if (!Number.isSafeInteger(length) || (length as number) < 0) return undefined;
	const payloadKeys = group.p === undefined ? undefined : group.p;
	if (payloadKeys !== undefined && !isTextList(payloadKeys)) return undefined;
	const keys = [...group.e, ...(payloadKeys ?? [])];
	if (group.c.length !== keys.length || !unique(group.e) || !unique(payloadKeys ?? [])) {
		return undefined;
	}
	if (payloadKeys && group.e.includes('payload')) return undefined;
	const columns: unknown[][] = [];
	for (const column of group.c) {
		const values = unpackColumn(column, dictionary);
		if (!values) return undefined;
		columns.push(values);
	}
	if (columns.some((values) => values.length !== length)) return undefined;
	const rows: Plain[] = [];
	for (let row = 0; row < (length as number); row++) {
		const envelope = entries(group.e, columns, 0, row);
		if (payloadKeys) envelope.payload = entries(payloadKeys, columns, group.e.length, row);
		rows.push(envelope);
	}
	return rows;
}

function entries(keys: string[], columns: unknown[][], offset: number, row: number): Plain {
	// Object.fromEntries defines own properties, so a key like "__proto__" stays plain data; an
	// assignment would set the prototype instead. Without that key, assignments are quicker.
	if (keys.includes('__proto__')) {
		return Object.fromEntries(keys.map((key, index) => [key, columns[offset + index]![row]]));
	}
	const plain: Plain = {};
	for (let index = 0; index < keys.length; index++) {
		plain[keys[index]!] = columns[offset + index]![row];
	}
	return plain;
}

/**
 * The page's repeating texts: those of the text columns where at least half the values occur more
 * than once in the page, so that a member id costs an index in every group (an op's own id, which
 * never repeats, stays out).
 */
class Dictionary {
	readonly texts: string[] = [];
	readonly #position = new Map<string, number>();
	readonly #chosen = new Set<unknown[]>();

	constructor(columns: unknown[][]) {
		const counts = new Map<string, number>();
		const texts = columns.filter(isTextList);
		for (const values of texts) {
			for (const text of values) counts.set(text, (counts.get(text) ?? 0) + 1);
		}
		for (const values of texts) {
			const repeated = values.filter((text) => counts.get(text)! > 1).length;
			if (repeated * 2 < values.length) continue;
			this.#chosen.add(values);
			for (const text of values) {
				if (this.#position.has(text)) continue;
				this.#position.set(text, this.texts.length);
				this.texts.push(text);
			}
		}
	}

	indexes(values: unknown[]): number[] | undefined {
		return this.#chosen.has(values)
			? (values as string[]).map((text) => this.#position.get(text)!)
			: undefined;
	}
}

function packColumn(values: unknown[], dictionary: Dictionary): PackedColumn {
	const indexes = dictionary.indexes(values);
	if (indexes) return { i: differences(indexes) };
	if (isTextList(values) && values.every((text) => uuidV7.test(text))) {
		const ids = values.map((text) => uuidV7.exec(text)!);
		const ms = ids.map((match) => parseInt(match[1]! + match[2]!, 16));
		return { u: differences(ms), r: ids.map((match) => match[3]!) };
	}
	if (isTextList(values) && values.every((text) => hlc.test(text))) {
		const parts = values.map((text) => hlc.exec(text)!);
		return {
			h: [
				packColumn(
					parts.map((match) => Number(match[1])),
					dictionary
				),
				packColumn(
					parts.map((match) => Number(match[2])),
					dictionary
				),
				packColumn(
					parts.map((match) => match[3]),
					dictionary
				)
			]
		};
	}
	if (values.every((value) => Number.isSafeInteger(value))) {
		const diffs = differences(values as number[]);
		if (diffs.every((diff) => Number.isSafeInteger(diff))) return { n: diffs };
	}
	return { a: values };
}

function unpackColumn(column: unknown, dictionary: string[]): unknown[] | undefined {
	if (!isPlain(column)) return undefined;
	if (Array.isArray(column.a)) return column.a;
	if (Array.isArray(column.i)) {
		const values = sums(column.i)?.map((index) =>
			Number.isInteger(index) ? dictionary[index as number] : undefined
		);
		return values?.every((value) => value !== undefined) ? values : undefined;
	}
	if (Array.isArray(column.n)) return sums(column.n);
	if (Array.isArray(column.u) && isTextList(column.r) && column.u.length === column.r.length) {
		const ms = sums(column.u);
		const rest = column.r;
		if (!ms || !rest.every((text) => uuidRest.test(text))) return undefined;
		if (ms.some((value) => value < 0 || value > maxUuidMs)) return undefined;
		return ms.map((value, index) => {
			const hex = value.toString(16).padStart(12, '0');
			return `${hex.slice(0, 8)}-${hex.slice(8)}-${rest[index]}`;
		});
	}
	if (Array.isArray(column.h) && column.h.length === 3) {
		// The parts of an HLC are plain columns: no nesting, so no unbounded recursion.
		if (column.h.some((part) => isPlain(part) && 'h' in part)) return undefined;
		const [ms, counters, devices] = column.h.map((part) => unpackColumn(part, dictionary));
		if (!ms || !counters || !devices) return undefined;
		if (counters.length !== ms.length || devices.length !== ms.length) return undefined;
		const texts = ms.map(
			(value, index) =>
				`${String(value).padStart(13, '0')}:${String(counters[index]).padStart(6, '0')}:${devices[index]}`
		);
		return texts.every((text) => hlc.test(text)) ? texts : undefined;
	}
	return undefined;
}

function differences(values: number[]): number[] {
	return values.map((value, index) => (index === 0 ? value : value - values[index - 1]!));
}

function sums(diffs: unknown[]): number[] | undefined {
	const values: number[] = [];
	let total = 0;
	for (const diff of diffs) {
		if (!Number.isSafeInteger(diff)) return undefined;
		total += diff as number;
		if (!Number.isSafeInteger(total)) return undefined;
		values.push(total);
	}
	return values;
}

function unique(keys: string[]): boolean {
	return new Set(keys).size === keys.length;
}

function isPlain(value: unknown): value is Plain {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTextList(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
