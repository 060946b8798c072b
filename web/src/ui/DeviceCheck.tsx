import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { registerTexts } from '../i18n';
import { Alert, Button } from './components';
import './jitsi-room.css';

registerTexts('deviceCheck', {
  ko: {
    start: '카메라와 마이크 확인',
    stop: '확인 끝내기',
    preview: '내 카메라 화면',
    level: '마이크 소리 크기',
    talk: '말해 보세요. 소리가 들리면 막대가 움직입니다.',
    denied: '카메라와 마이크 사용이 허용되지 않았습니다. 브라우저 주소창의 권한 설정에서 허용한 뒤 다시 확인하세요.',
    missing: '카메라나 마이크를 찾지 못했습니다. 장치를 연결한 뒤 다시 확인하세요.',
    failed: '카메라와 마이크를 켤 수 없습니다. 다른 프로그램이 쓰고 있지 않은지 확인하세요.',
    unsupported: '이 브라우저에서는 장치를 확인할 수 없습니다.',
  },
  en: {
    start: 'Check camera and microphone',
    stop: 'Stop the check',
    preview: 'My camera',
    level: 'Microphone level',
    talk: 'Say something: the bar moves when you are heard.',
    denied: 'The camera and microphone were not allowed. Allow them in the browser’s site permissions and check again.',
    missing: 'No camera or microphone was found. Connect one and check again.',
    failed: 'The camera and microphone could not be started. Make sure no other program is using them.',
    unsupported: 'This browser cannot check devices.',
  },
});

/**
 * A check before a video call: the camera's picture and the microphone's level, on request only
 * (the browser asks for permission then). Everything stops when the check ends or the page leaves.
 */
export function DeviceCheck() {
  const { t } = useTranslation('deviceCheck');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<'denied' | 'missing' | 'failed' | 'unsupported' | null>(null);
  const [level, setLevel] = useState(0);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (!stream) return;
    if (video.current) video.current.srcObject = stream;
    let frame = 0;
    let context: AudioContext | null = null;
    if (stream.getAudioTracks().length > 0 && typeof AudioContext !== 'undefined') {
      context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 512;
      context.createMediaStreamSource(stream).connect(analyser);
      const samples = new Uint8Array(analyser.fftSize);
      const tick = () => {
        analyser.getByteTimeDomainData(samples);
        let peak = 0;
        for (const s of samples) peak = Math.max(peak, Math.abs(s - 128));
        setLevel(Math.min(1, peak / 64));
        frame = requestAnimationFrame(tick);
      };
      tick();
    }
    return () => {
      cancelAnimationFrame(frame);
      void context?.close();
      for (const track of stream.getTracks()) track.stop();
    };
  }, [stream]);

  const start = async () => {
    setProblem(null);
    if (!navigator.mediaDevices?.getUserMedia) return setProblem('unsupported');
    try {
      setStream(await navigator.mediaDevices.getUserMedia({ video: true, audio: true }));
    } catch (error) {
      const name = (error as DOMException).name;
      setProblem(
        name === 'NotAllowedError' || name === 'SecurityError'
          ? 'denied'
          : name === 'NotFoundError' || name === 'OverconstrainedError'
            ? 'missing'
            : 'failed',
      );
    }
  };

  return (
    <div className="device-check">
      {problem && (
        <Alert tone="warning" live>
          <p>{t(problem)}</p>
        </Alert>
      )}
      {stream ? (
        <>
          {stream.getVideoTracks().length > 0 && (
            <video ref={video} className="device-check__video" autoPlay muted playsInline aria-label={t('preview')} />
          )}
          {stream.getAudioTracks().length > 0 && (
            <p className="device-check__level">
              <label>
                {t('level')} <meter min={0} max={1} value={level} />
              </label>
              <span className="subtle">{t('talk')}</span>
            </p>
          )}
          <Button variant="secondary" onClick={() => setStream(null)}>
            {t('stop')}
          </Button>
        </>
      ) : (
        <Button variant="secondary" onClick={() => void start()}>
          {t('start')}
        </Button>
      )}
    </div>
  );
}
