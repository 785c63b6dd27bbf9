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
};

export type RegionMapProps = {
  /** The highlighted district (or any region inside it). */
  selectedCode?: string | null;
  onSelectRegion?: (code: string) => void;
  points?: readonly MapPoint[];
  onSelectPoint?: (id: MapPoint['id']) => void;
  height?: number;
  /** The accessible name of the map region. */
  label?: string;
};

const ZIBO_CENTER: L.LatLngTuple = [36.7, 118.05];

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
 * The Zibo map: the real district outlines (WGS-84) drawn by Leaflet's canvas renderer, so it
 * needs no WebGL and no tiles. Base tiles are added only when the server is configured with
 * them (Tianditu in production). Clicking a district selects it.
 */
export function RegionMap(props: RegionMapProps) {
  const { selectedCode = null, onSelectRegion, points, onSelectPoint, height = 480 } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const [outlineLayer, setOutlineLayer] = useState<L.GeoJSON | null>(null);
  const [outlineCount, setOutlineCount] = useState(0);
  const outlines = useDistrictOutlines();
  const clientConfig = useClientConfig();
  // The click handlers are bound once per outline layer; they read the latest callbacks here.
  const onSelectRegionRef = useRef(onSelectRegion);
  const onSelectPointRef = useRef(onSelectPoint);
  useEffect(() => {
    onSelectRegionRef.current = onSelectRegion;
    onSelectPointRef.current = onSelectPoint;
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
    map.fitBounds(layer.getBounds(), { padding: [12, 12] });
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

  useEffect(() => {
    if (!map || !points || points.length === 0) return;
    const group = L.layerGroup(
      points.map((p) =>
        L.circleMarker([p.lat, p.lon], {
          radius: 6,
          color: '#fff',
          weight: 1,
          fillColor: p.color ?? '#fa541c',
          fillOpacity: 0.9,
        })
          .bindTooltip(p.label)
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
        style={{ height }}
      />
    </div>
  );
}
