import { useEffect, useRef, useState } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './region-map.css';
import { useClientConfig, useDistrictOutlines } from '../api/reference.ts';
import { ErrorState } from './states.tsx';

/** A point drawn over the outlines (later features: residential areas, facilities). */
export type MapPoint = {
  id: string | number;
  lon: number;
  lat: number;
  label: string;
  color?: string;
  /** Marker radius in pixels (default 6). */
  radius?: number;
};

/** A group of points drawn as one circle with its count; clicking it zooms in to split it. */
export type MapCluster = {
  id: string | number;
  lon: number;
  lat: number;
  count: number;
  label: string;
  /** Background of the circle (default blue); a group holding a problem is drawn red. */
  color?: string;
  /** The zoom at which the group splits. */
  expansionZoom: number;
};

/** What the map shows: its box (west, south, east, north; WGS-84) and zoom. */
export type MapView = { bbox: [number, number, number, number]; zoom: number };

export type RegionMapProps = {
  /** The highlighted district (or any region inside it). */
  selectedCode?: string | null;
  onSelectRegion?: (code: string) => void;
  points?: readonly MapPoint[];
  onSelectPoint?: (id: MapPoint['id']) => void;
  height?: number;
  /** The accessible name of the map region. */
  label?: string;
  /**
   * Where the view goes once the outlines are drawn: the whole city (default), the points
   * (when there are any), or the selected district's outline.
   */
  fit?: 'city' | 'points' | 'selected';
  /** The largest zoom a fit to points may reach (at most 10 with no base tiles). */
  maxFitZoom?: number;
  /** Clusters of points (a page that loads by view draws these beside single points). */
  clusters?: readonly MapCluster[];
  /** Called with the view once the map is ready and after every pan or zoom. */
  onViewChange?: (view: MapView) => void;
};

/** The view of a Leaflet map, the box rounded outwards to 4 decimals (≈ 10 m) and clamped. */
function viewOf(map: L.Map): MapView {
  const b = map.getBounds();
  const down = (v: number) => Math.floor(v * 1e4) / 1e4;
  const up = (v: number) => Math.ceil(v * 1e4) / 1e4;
  return {
    bbox: [
      Math.max(-180, down(b.getWest())),
      Math.max(-90, down(b.getSouth())),
      Math.min(180, up(b.getEast())),
      Math.min(90, up(b.getNorth())),
    ],
    zoom: Math.round(map.getZoom()),
  };
}

function clusterIcon(cluster: MapCluster): L.DivIcon {
  const size = cluster.count < 10 ? 28 : cluster.count < 100 ? 34 : cluster.count < 1000 ? 40 : 48;
  const box = document.createElement('div');
  box.className = 'region-map-cluster';
  box.style.background = cluster.color ?? '#1677ff';
  box.textContent = String(cluster.count);
  return L.divIcon({ html: box, className: '', iconSize: [size, size] });
}

const ZIBO_CENTER: L.LatLngTuple = [36.7, 118.05];
const POINTS_PANE = 'points';
const POINT_TOOLTIPS_PANE = 'point-tooltips';

const OUTLINE_STYLE: L.PathOptions = {
  color: '#1677ff',
  weight: 1.5,
  fillColor: '#91caff',
  fillOpacity: 0.25,
};
const SELECTED_STYLE: L.PathOptions = {
  color: '#0958d9',
  weight: 3,
  fillColor: '#1677ff',
  fillOpacity: 0.45,
};

type OutlineLayer = L.Path & { feature?: { properties?: { code?: string } } };

/**
 * A tooltip built from text nodes: Leaflet would parse a string as HTML, and names come from
 * clerks and imported workbooks. Each line of the label is one line of the tooltip.
 */
function createTooltipContent(label: string): HTMLElement {
  const box = document.createElement('div');
  for (const line of label.split('\n')) {
    const row = document.createElement('div');
    row.textContent = line;
    box.append(row);
  }
  return box;
}

/**
 * The Zibo map: the real district outlines (WGS-84) drawn by Leaflet's canvas renderer, so it
 * needs no WebGL and no tiles. Base tiles are added only when the server is configured with
 * them (Tianditu in production). Clicking a district selects it.
 */
export function RegionMap(props: RegionMapProps) {
  const {
    selectedCode = null,
    onSelectRegion,
    points,
    onSelectPoint,
    height = 480,
    fit = 'city',
    maxFitZoom = 15,
    clusters,
  } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const [outlineLayer, setOutlineLayer] = useState<L.GeoJSON | null>(null);
  const [outlineCount, setOutlineCount] = useState(0);
  const outlines = useDistrictOutlines();
  const clientConfig = useClientConfig();
  // The click handlers are bound once per outline layer; they read the latest callbacks here.
  const onSelectRegionRef = useRef(onSelectRegion);
  const onSelectPointRef = useRef(onSelectPoint);
  const onViewChangeRef = useRef(props.onViewChange);
  const reportsView = props.onViewChange !== undefined;
  useEffect(() => {
    onSelectRegionRef.current = onSelectRegion;
    onSelectPointRef.current = onSelectPoint;
    onViewChangeRef.current = props.onViewChange;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const created = L.map(container, {
      preferCanvas: true,
      center: ZIBO_CENTER,
      zoom: 9,
      // Zibo is long north–south: fractional zoom lets it fill the frame.
      zoomSnap: 0.25,
      minZoom: 7,
      maxZoom: 18,
      attributionControl: true,
    });
    created.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    // Points draw above the district name labels (tooltip pane, 650), which would hide an area
    // lying at a label; their own hover tooltips go above the points.
    const pointsPane = created.createPane(POINTS_PANE);
    pointsPane.style.zIndex = '660';
    created.createPane(POINT_TOOLTIPS_PANE).style.zIndex = '670';
    setMap(created);
    return () => {
      created.remove();
      setMap(null);
    };
  }, []);

  const tileUrl = clientConfig.data?.tileUrl ?? null;
  const tileAttribution = clientConfig.data?.tileAttribution ?? null;
  useEffect(() => {
    if (!map || !tileUrl) return;
    const tiles = L.tileLayer(tileUrl, {
      attribution: tileAttribution ?? '',
      subdomains: '01234567',
      maxZoom: 18,
    }).addTo(map);
    tiles.bringToBack();
    return () => {
      tiles.remove();
    };
  }, [map, tileUrl, tileAttribution]);

  const collection = outlines.data;
  useEffect(() => {
    if (!map || !collection) return;
    const layer = L.geoJSON(collection, {
      style: () => OUTLINE_STYLE,
      onEachFeature: (feature, path) => {
        const code = (feature.properties as { code: string }).code;
        path.on('click', () => onSelectRegionRef.current?.(code));
      },
    }).addTo(map);
    const labels = collection.features.map((f) =>
      L.tooltip({ permanent: true, direction: 'center', className: 'region-map-label' })
        .setLatLng([f.properties.center[1], f.properties.center[0]])
        .setContent(f.properties.name)
        .addTo(map),
    );
    map.attributionControl.addAttribution(collection.attribution);
    // Not animated: Leaflet ignores a second view change while a zoom animation runs, and the
    // page's own fit (points, a district) follows at once.
    map.fitBounds(layer.getBounds(), { padding: [12, 12], animate: false });
    setOutlineLayer(layer);
    setOutlineCount(layer.getLayers().filter((l) => map.hasLayer(l)).length);
    return () => {
      map.attributionControl.removeAttribution(collection.attribution);
      for (const label of labels) label.remove();
      layer.remove();
      setOutlineLayer(null);
      setOutlineCount(0);
    };
  }, [map, collection]);

  useEffect(() => {
    if (!outlineLayer) return;
    const district = selectedCode && selectedCode.length >= 6 ? selectedCode.slice(0, 6) : null;
    outlineLayer.eachLayer((l) => {
      const path = l as OutlineLayer;
      const selected = path.feature?.properties?.code === district;
      path.setStyle(selected ? SELECTED_STYLE : OUTLINE_STYLE);
      if (selected) path.bringToFront();
    });
  }, [outlineLayer, selectedCode]);

  // After the outlines (which fit the city), move to what the page is about. Only a fit to the
  // points follows the points: a page that loads points by view must not be sent back on each load.
  const fitPoints = fit === 'points' ? points : undefined;
  useEffect(() => {
    if (!map || !outlineLayer) return;
    if (fit === 'points' && fitPoints && fitPoints.length > 0) {
      const bounds = L.latLngBounds(fitPoints.map((p) => [p.lat, p.lon] as L.LatLngTuple));
      // Without base tiles the outlines are the only context, so stay far enough out to see them.
      const maxZoom = tileUrl ? maxFitZoom : Math.min(maxFitZoom, 10);
      map.fitBounds(bounds, { padding: [24, 24], maxZoom, animate: false });
    } else if (fit === 'selected' && selectedCode && selectedCode.length >= 6) {
      const district = selectedCode.slice(0, 6);
      const target = outlineLayer
        .getLayers()
        .find((l) => (l as OutlineLayer).feature?.properties?.code === district);
      if (target && 'getBounds' in target) {
        map.fitBounds((target as L.Polygon).getBounds(), { padding: [12, 12], animate: false });
      }
    } else if (fit === 'selected') {
      map.fitBounds(outlineLayer.getBounds(), { padding: [12, 12], animate: false });
    }
  }, [map, outlineLayer, fit, fitPoints, selectedCode, maxFitZoom, tileUrl]);

  useEffect(() => {
    if (!map || !reportsView) return;
    const report = () => onViewChangeRef.current?.(viewOf(map));
    map.on('moveend', report);
    report();
    return () => {
      map.off('moveend', report);
    };
  }, [map, reportsView]);

  useEffect(() => {
    if (!map || !clusters || clusters.length === 0) return;
    const group = L.layerGroup(
      clusters.map((c) =>
        L.marker([c.lat, c.lon], { icon: clusterIcon(c), pane: POINTS_PANE, keyboard: false })
          .bindTooltip(() => createTooltipContent(c.label), { pane: POINT_TOOLTIPS_PANE })
          .on('click', () => map.setView([c.lat, c.lon], c.expansionZoom)),
      ),
    ).addTo(map);
    return () => {
      group.remove();
    };
  }, [map, clusters]);

  useEffect(() => {
    if (!map || !points || points.length === 0) return;
    const renderer = L.canvas({ pane: POINTS_PANE });
    const group = L.layerGroup(
      points.map((p) =>
        L.circleMarker([p.lat, p.lon], {
          renderer,
          radius: p.radius ?? 6,
          color: '#fff',
          weight: 1,
          fillColor: p.color ?? '#fa541c',
          fillOpacity: 0.9,
        })
          .bindTooltip(() => createTooltipContent(p.label), { pane: POINT_TOOLTIPS_PANE })
          .on('click', () => onSelectPointRef.current?.(p.id)),
      ),
    ).addTo(map);
    return () => {
      group.remove();
    };
  }, [map, points]);

  return (
    <div className="region-map">
      {outlines.isError ? (
        <ErrorState error={outlines.error} onRetry={() => void outlines.refetch()} />
      ) : null}
      <div
        ref={containerRef}
        className="region-map-canvas"
        role="region"
        aria-label={props.label ?? '淄博市区县地图'}
        data-testid="region-map"
        data-outline-count={outlineCount}
        data-selected-code={selectedCode ?? ''}
        data-point-count={points?.length ?? 0}
        data-cluster-count={clusters?.length ?? 0}
        style={{ height }}
      />
    </div>
  );
}
