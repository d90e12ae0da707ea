import type { CalendarYearData } from '../types.js';

export const cn2025: CalendarYearData = {
  year: 2025,
  source: {
    title: '国务院办公厅关于2025年部分节假日安排的通知',
    documentNumber: '国办发明电〔2024〕12号',
    issued: '2024-11-12',
    url: 'https://www.gov.cn/zhengce/content/202411/content_6986382.htm',
  },
  holidays: [
    { name: "New Year's Day", nameZh: '元旦', dates: ['2025-01-01'] },
    {
      name: 'Spring Festival',
      nameZh: '春节',
      dates: ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04'],
    },
    { name: 'Qingming Festival', nameZh: '清明节', dates: ['2025-04-04', '2025-04-05', '2025-04-06'] },
    { name: 'Labour Day', nameZh: '劳动节', dates: ['2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05'] },
    { name: 'Dragon Boat Festival', nameZh: '端午节', dates: ['2025-05-31', '2025-06-01', '2025-06-02'] },
    // Mid-Autumn (6 Oct) falls inside the National Day week, so the notice gives one combined block.
    {
      name: 'National Day and Mid-Autumn Festival',
      nameZh: '国庆节、中秋节',
      dates: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08'],
    },
  ],
  makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};
