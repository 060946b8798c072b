import 'pretendard-gov/dist/web/static/PretendardGOV-Regular.css';
import 'pretendard-gov/dist/web/static/PretendardGOV-SemiBold.css';
import 'pretendard-gov/dist/web/static/PretendardGOV-Bold.css';
import './ui/global.css';
import './ui/ui.css';
import './i18n';

// A citizen's pages (/consult…, often on a phone) load none of the staff client: not its router
// with data loading, query cache, session, socket, sign-in page or shell. Either part is its own
// chunk; the staff one still mounts the citizen pages when someone navigates there inside it.
const root = document.getElementById('root')!;
if (/^\/consult(\/|$)/.test(location.pathname)) void import('./features/citizen/standalone').then((m) => m.start(root));
else void import('./app/staff').then((m) => m.start(root));
