import { registerTexts } from '../../../i18n';

const ko = {
  label: '메시지 검색',
  placeholder: '단어의 일부로도 찾습니다',
  submit: '검색',
  tooShort: '두 글자 이상 입력하세요.',
  results: '‘{{term}}’ 검색 결과',
  count: '{{count}}건',
  limited: '최근 {{count}}건까지 보여 줍니다. 더 구체적으로 검색해 보세요.',
  none: '‘{{term}}’이(가) 들어간 메시지가 없습니다.',
  close: '검색 닫기',
  searching: '검색하는 중…',
  unknownRoom: '대화방',
  unknownSender: '알 수 없음',
  files: '파일 {{count}}개',
};

type Texts = typeof ko;

const en: { [K in keyof Texts]: string } = {
  label: 'Search messages',
  placeholder: 'Parts of words work too',
  submit: 'Search',
  tooShort: 'Enter at least two characters.',
  results: 'Results for “{{term}}”',
  count: 'found: {{count}}',
  limited: 'Showing the latest {{count}}. Try a more specific search.',
  none: 'No message contains “{{term}}”.',
  close: 'Close search',
  searching: 'Searching…',
  unknownRoom: 'Room',
  unknownSender: 'Unknown',
  files: 'files: {{count}}',
};

export const SEARCH = 'messengerSearch';
registerTexts(SEARCH, { ko, en });
