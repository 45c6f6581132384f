export { bsm, yearsBetween, type BsmInput, type BsmResult } from './bsm.ts';
export { impliedVol, type ImpliedVolInput } from './implied-vol.ts';
export { priceBounds, type PriceBounds } from './bounds.ts';
export { checkMarketInputs, checkVol, checkPrice, MAX_VOL, MAX_RATE } from './validate.ts';
export { normCdf, normPdf } from './normal.ts';
export { interpolateIv, ivAtStrike, type IvAt, type IvPoint } from './iv-interpolate.ts';
