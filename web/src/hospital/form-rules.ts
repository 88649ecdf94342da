// Form checks shared by the screens: times as the HIS writes them.
import { isHisTime } from './money.ts';

/** An antd rule: China time yyyy-MM-dd HH:mm:ss, a real one. */
export const HIS_TIME_RULE = {
  validator: async (_: unknown, value: string | undefined) => {
    if (!value || !isHisTime(value)) throw new Error('时间格式应为 yyyy-MM-dd HH:mm:ss（北京时间）');
  },
};
