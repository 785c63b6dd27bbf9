export { orgRoutes } from './org.routes.ts';
export {
  loadReferenceData,
  readRegions,
  departmentCode,
  CITY,
  cityZones,
} from './reference-data.ts';
export { regionNames, regionName } from './region-names.ts';
export { findRegion, findDepartment, countRegionsByLevel } from './org.repo.ts';
export { regions, departments, zones, zoneStreets, settings } from './org.tables.ts';
export { readSettings, type Settings } from './settings.service.ts';
export {
  registerSettingsGroup,
  storedKeys,
  storedObject,
  type SettingsGroupDefinition,
} from './settings-registry.ts';
import './settings-groups.ts';
