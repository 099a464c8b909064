// The districts of the Mantaro valley where Ayni's associations work (DOMAIN.md), grouped by
// province. "otro" lets an association from elsewhere write its own district.

export const districtsByProvince = {
	Concepción: [
		'Chambara',
		'San José de Quero',
		'Manzanares',
		'Mito',
		'Aco',
		'Matahuasi',
		'Concepción',
		'Santa Rosa de Ocopa',
		'Nueve de Julio',
		'Heroínas Toledo',
		'Comas',
		'Cochas',
		'Mariscal Castilla'
	],
	Huancayo: ['Huayucachi', 'Pucará', 'Chupuro', 'Huancán', 'Huacrapuquio']
} as const;

export type KnownDistrict = (typeof districtsByProvince)[keyof typeof districtsByProvince][number];

export const knownDistricts: readonly KnownDistrict[] = Object.values(districtsByProvince).flat();

export function isKnownDistrict(name: string): name is KnownDistrict {
	return (knownDistricts as readonly string[]).includes(name);
}
