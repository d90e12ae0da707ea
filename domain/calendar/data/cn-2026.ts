import type { CalendarYearData } from '../types.js';

export const cn2026: CalendarYearData = {
  year: 2026,
  source: {
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    // The dates below are from the notice's full text as published by Xinhua on 2025-11-04; its
    // 国办发明电 number was not confirmed, so none is given rather than a guessed one.
    documentNumber: 'unconfirmed: check the notice on www.gov.cn',
    issued: '2025-11-04',
    url: 'https://politics.gmw.cn/2025-11/04/content_38391083.htm',
  },
  holidays: [
    { name: "New Year's Day", nameZh: '元旦', dates: ['2026-01-01', '2026-01-02', '2026-01-03'] },
    {
      name: 'Spring Festival',
      nameZh: '春节',
      dates: ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'],
    },
    { name: 'Qingming Festival', nameZh: '清明节', dates: ['2026-04-04', '2026-04-05', '2026-04-06'] },
    { name: 'Labour Day', nameZh: '劳动节', dates: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'] },
    { name: 'Dragon Boat Festival', nameZh: '端午节', dates: ['2026-06-19', '2026-06-20', '2026-06-21'] },
    { name: 'Mid-Autumn Festival', nameZh: '中秋节', dates: ['2026-09-25', '2026-09-26', '2026-09-27'] },
    {
      name: 'National Day',
      nameZh: '国庆节',
      dates: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
    },
  ],
  makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
