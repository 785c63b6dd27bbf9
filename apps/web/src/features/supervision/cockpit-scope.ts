import { findDistrictCode } from '../../shared/regions.ts';

/**
 * What the cockpit's rows and map are of, by the user's scope: the city ranks its districts on
 * the city map; a district ranks its streets, and the map shows the district on the city map
 * (there are no street outlines); a street ranks its communities, without a map.
 */
export function cockpitScope(regionCode: string, regionName: string) {
  const city = regionCode.length <= 4;
  const district = !city && regionCode.length <= 6;
  return {
    /** "全市" or the region's name, in "（全市 35.2%）". */
    whole: city ? '全市' : regionName,
    /** What the rows are: 区县, 镇街 or 社区. */
    unit: city ? '区县' : district ? '镇街' : '社区',
    /** The district shown on the map alone, or null (the city: every district; a street: none). */
    mapDistrict: district ? findDistrictCode(regionCode) : null,
    showMap: city || district,
  };
}
