import { describe, expect, it } from 'vitest';
import { findMobileInText, maskPersonalDataInText } from './feedback-masking.ts';

describe('phone and ID numbers in free text', () => {
  it.each([
    ['请打13812345678联系', '请打138****5678联系'],
    ['电话 138 1234 5678。', '电话 138****5678。'],
    ['+86-138-1234-5678', '138****5678'],
    ['１３８１２３４５６７８', '138****5678'],
    ['座机0533-3181234或（0533）31812345', '座机0533-****1234或0533-****2345'],
    ['010-12345678', '010-****5678'],
    ['身份证 370303199001011234，电话13812345678', '身份证 370303********1234，电话138****5678'],
    ['身份证号37030319900101123x', '身份证号370303********123X'],
    ['３７０３０３１９９００１０１１２３Ｘ', '370303********123X'],
  ])('masks %s', (text, masked) => {
    expect(maskPersonalDataInText(text)).toBe(masked);
  });

  it.each([
    '订单 2026-12-06，编号 12345678901234',
    '已于2026年12月6日完成，面积 120 平方米',
    // 17 and 19 digits are not ID numbers (nor phones).
    '编号 37030319900101123',
    '编号 3703031990010112345',
  ])('leaves %s alone', (text) => {
    expect(maskPersonalDataInText(text)).toBe(text);
  });

  it('finds the first mobile number as 11 ASCII digits', () => {
    expect(findMobileInText('座机 0533-3181234，手机 １３９ ８７６５ ４３２１')).toBe(
      '13987654321',
    );
    expect(findMobileInText('没有号码')).toBeNull();
  });
});
