import { Card } from 'antd';
import { RegionMap, type MapPoint } from './region-map.tsx';

/**
 * The 位置 card of one record's page (an area, a facility, an area's gaps): its points on the
 * district map, fitted to them, or its community's district when it has no coordinates.
 */
export function LocationCard(props: {
  /** The record's name: the map is labelled "<name>位置图". */
  name: string;
  regionCode: string;
  points: MapPoint[];
  height: number;
}) {
  return (
    <Card title="位置" styles={{ body: { padding: 12 } }}>
      <RegionMap
        label={`${props.name}位置图`}
        selectedCode={props.regionCode}
        points={props.points}
        fit={props.points.length ? 'points' : 'selected'}
        height={props.height}
      />
    </Card>
  );
}
