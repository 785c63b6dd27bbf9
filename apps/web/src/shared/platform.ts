export const PLATFORM_NAME = '社区配套设施规划建设管理平台';
export const POLICY_REFERENCE = '淄政办字〔2020〕34号';
