// astronomia ships no types. These cover only what astronomy.ts uses, from the package's JSDoc
// (version pinned in package.json); widen them when a new function is needed, not before.

declare module 'astronomia/planetposition' {
  /** A VSOP87 series as shipped under astronomia/data; opaque to us. */
  export interface Vsop87Data {
    readonly name: string;
    readonly type: string;
  }
  export class Planet {
    constructor(data: Vsop87Data);
  }
}

declare module 'astronomia/data/vsop87Bearth' {
  import type { Vsop87Data } from 'astronomia/planetposition';
  const earth: Vsop87Data;
  export default earth;
}

declare module 'astronomia/solar' {
  import type { Planet } from 'astronomia/planetposition';
  /** Apparent geocentric ecliptic position of the Sun at `jde`, angles in radians. */
  export function apparentVSOP87(earth: Planet, jde: number): { lon: number; lat: number; range: number };
}

declare module 'astronomia/moonphase' {
  /** JDE of the true new moon nearest the decimal year `year` (Meeus ch. 49). */
  export function newMoon(year: number): number;
}

declare module 'astronomia/deltat' {
  /** ΔT = TT − UT in seconds at the decimal year `year`. */
  export function deltaT(year: number): number;
}
