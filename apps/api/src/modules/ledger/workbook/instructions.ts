import {
  AREA_SHEET,
  FACILITY_SHEET,
  KIND_OPTIONS,
  OWNERSHIP_OPTIONS,
  TYPE_OPTIONS,
  labels,
} from './columns.ts';
import { currentCity } from '../../../platform/city.ts';

/** Sheet 填表说明: what each column takes, as the importer reads it. */

export const INSTRUCTIONS = (): [string, string, string][] => [
  [
    '全部',
    '—',
    '第一行为表头，请勿改动列名；表头上方可有标题行，序号列、空行和末尾的合计行在导入时忽略。',
  ],
  [
    '全部',
    '—',
    '导入时整批校验：任一单元格有误则全部不导入，请按错误提示（工作表、行号、列名）修改后重新导入。',
  ],
  ['全部', '—', '导出的工作簿修改后可直接导入：带编号的行更新原记录，编号留空的行新增记录。'],
  [AREA_SHEET, '小区编号', '系统编号。新增小区留空；修改已有小区时保留导出的编号。'],
  [AREA_SHEET, '小区名称', '必填，不超过 100 字；同一社区内不能重名。'],
  [AREA_SHEET, '区县、镇街、社区名称', '供核对，以社区代码为准；同一社区的多行可合并单元格。'],
  [
    AREA_SHEET,
    '社区代码',
    `必填，12 位社区（村居）统计用区划代码，以 ${currentCity().code} 开头。`,
  ],
  [AREA_SHEET, '经度、纬度', '十进制度数，如 118.054927、36.813487；两者同时填写或同时留空。'],
  [
    AREA_SHEET,
    '坐标系',
    'WGS-84（GPS、天地图、CGCS2000）、GCJ-02（高德、腾讯）或 BD-09（百度）；留空视为 WGS-84。',
  ],
  [AREA_SHEET, '户数、人口', '整数；户数必填。'],
  [AREA_SHEET, '建成年份', '如 2015 或 2015年，也可填写日期。'],
  [AREA_SHEET, '类型', `必填：${labels(KIND_OPTIONS).join('或')}。`],
  [FACILITY_SHEET, '设施编号', '系统编号。新增设施留空；修改已有设施时保留导出的编号。'],
  [FACILITY_SHEET, '设施名称', '必填，不超过 100 字。'],
  [FACILITY_SHEET, '设施类型', `必填：${labels(TYPE_OPTIONS).join('、')}。`],
  [
    FACILITY_SHEET,
    '服务小区',
    '必填：一个或多个小区编号或小区名称，用“、”分隔；本表新增的小区填名称。',
  ],
  [
    FACILITY_SHEET,
    '建筑面积(㎡)、占地面积(㎡)',
    '数字，单位平方米，可写作 350、350㎡ 或 350平方米。',
  ],
  [FACILITY_SHEET, '产权归属', `${labels(OWNERSHIP_OPTIONS).join('、')}。`],
  [FACILITY_SHEET, '规划、建设、移交、使用状态', '从下拉列表选择；对应的说明不超过 500 字。'],
  [FACILITY_SHEET, '更新时间', '导出时填写，导入时忽略。'],
];
