import { describe, expect, it } from 'vitest';
import { auditRowHash, canonicalJson, genesisHash, opAuditEvent } from './audit-log';

describe('audit log', () => {
	it('hashes the same content the same way whatever the key order', () => {
		const row = {
			associationId: '00000000-0000-0000-0000-000000000000',
			seq: 1,
			at: new Date('2025-03-03T14:00:00.000Z'),
			actorUserId: null,
			action: 'login.failed',
			ip: '203.0.113.7',
			prevHash: genesisHash
		};
		const a = auditRowHash({ ...row, details: { knownAccount: false, z: 1 } });
		const b = auditRowHash({ ...row, details: { z: 1, knownAccount: false } });
		expect(a).toBe(b);
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(auditRowHash({ ...row, seq: 2, details: { knownAccount: false, z: 1 } })).not.toBe(a);
		expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: null })).toBe(
			'{"a":null,"b":[1,{"c":3,"d":2}]}'
		);
	});

	it('records payments and closes from ops, and nothing for other types', () => {
		const op = {
			id: '0195f1d2-0000-7000-8000-000000000001',
			associationId: '0195f1d2-0000-7000-8000-0000000000aa',
			type: 'payment.made',
			date: '2025-03-03',
			payload: { memberId: 'm1', amount: '120.50', method: 'yape', extra: { x: 1 } }
		};
		const at = new Date('2025-03-03T15:00:00.000Z');
		expect(opAuditEvent({ op, actorUserId: 'u1', ip: null, at })).toEqual({
			associationId: op.associationId,
			actorUserId: 'u1',
			action: 'payment.made',
			details: {
				opId: op.id,
				date: '2025-03-03',
				memberId: 'm1',
				amount: '120.50',
				method: 'yape'
			},
			ip: null,
			at
		});
		expect(
			opAuditEvent({ op: { ...op, type: 'delivery.recorded' }, actorUserId: 'u1', ip: null, at })
		).toBeUndefined();
	});
});
