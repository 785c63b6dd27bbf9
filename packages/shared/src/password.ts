/**
 * The password rule of API.md: at least 8 characters with three of upper case, lower case, digit
 * and symbol. Returns a Chinese message for the first failure, or null when the password is fine.
 */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return '密码长度至少 8 位';
  if (password.length > 128) return '密码长度不能超过 128 位';
  let classes = 0;
  if (/[A-Z]/.test(password)) classes++;
  if (/[a-z]/.test(password)) classes++;
  if (/[0-9]/.test(password)) classes++;
  if (/[^A-Za-z0-9]/.test(password)) classes++;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  return null;
}
