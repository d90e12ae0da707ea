import type { CalendarYearData } from '../types.js';

export const cn2024: CalendarYearData = {
  year: 2024,
  source: {
    title: '国务院办公厅关于2024年部分节假日安排的通知',
    documentNumber: '国办发明电〔2023〕7号',
    issued: '2023-10-25',
    url: 'https://www.gov.cn/zhengce/content/202310/content_6911527.htm',
  },
  holidays: [
    // 元旦: 1 Jan (Monday) off, joined with the weekend of 30-31 Dec 2023, which belongs to 2023.
    { name: "New Year's Day", nameZh: '元旦', dates: ['2024-01-01'] },
    {
      name: 'Spring Festival',
      nameZh: '春节',
      dates: ['2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16', '2024-02-17'],
    },
    { name: 'Qingming Festival', nameZh: '清明节', dates: ['2024-04-04', '2024-04-05', '2024-04-06'] },
    { name: 'Labour Day', nameZh: '劳动节', dates: ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-05'] },
    { name: 'Dragon Boat Festival', nameZh: '端午节', dates: ['2024-06-08', '2024-06-09', '2024-06-10'] },
    { name: 'Mid-Autumn Festival', nameZh: '中秋节', dates: ['2024-09-15', '2024-09-16', '2024-09-17'] },
    {
      name: 'National Day',
      nameZh: '国庆节',
      dates: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-05', '2024-10-06', '2024-10-07'],
    },
  ],
  makeUpWorkdays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
};
