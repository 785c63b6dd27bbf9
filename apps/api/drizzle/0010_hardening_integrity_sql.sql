-- Issue 11 (hardening): integrity in the database, not only in code.
-- 1. One residential-area name per community, matched as the ledger import matches names
--    (full-width to half-width, no white space or separators, lower case: cells.ts matchKey).
--    Existing duplicates keep their first row's name; the others get their id appended.
UPDATE residential_areas AS a
SET name = a.name || '（' || a.id || '）', version = a.version + 1, updated_at = now()
WHERE EXISTS (
  SELECT 1 FROM residential_areas b
  WHERE b.region_code = a.region_code AND b.id < a.id
    AND lower(regexp_replace(translate(b.name, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　            ﻿​', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~             '), '[[:space:]_·•-]+', '', 'g')) = lower(regexp_replace(translate(a.name, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　            ﻿​', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~             '), '[[:space:]_·•-]+', '', 'g'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX residential_areas_region_name_uq ON residential_areas (region_code, (lower(regexp_replace(translate(name, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　            ﻿​', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~             '), '[[:space:]_·•-]+', '', 'g'))));
--> statement-breakpoint
-- 2. Problems refer to their area, facility and project: a reference left dangling by an earlier
--    delete is cleared, then the database refuses deleting what a problem refers to.
UPDATE problems SET residential_area_id = NULL
WHERE residential_area_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM residential_areas r WHERE r.id = problems.residential_area_id);
--> statement-breakpoint
UPDATE problems SET facility_id = NULL
WHERE facility_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM facilities f WHERE f.id = problems.facility_id);
--> statement-breakpoint
UPDATE problems SET project_id = NULL
WHERE project_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = problems.project_id);
--> statement-breakpoint
ALTER TABLE problems ADD CONSTRAINT problems_residential_area_id_fk
  FOREIGN KEY (residential_area_id) REFERENCES residential_areas(id) ON DELETE RESTRICT;
--> statement-breakpoint
ALTER TABLE problems ADD CONSTRAINT problems_facility_id_fk
  FOREIGN KEY (facility_id) REFERENCES facilities(id) ON DELETE RESTRICT;
--> statement-breakpoint
ALTER TABLE problems ADD CONSTRAINT problems_project_id_fk
  FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE RESTRICT;
