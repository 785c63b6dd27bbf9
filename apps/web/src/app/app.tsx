import { useState } from 'react';
import { ConfigProvider } from 'antd';
import { LoadingOutlined } from '@ant-design/icons';
import zhCN from 'antd/locale/zh_CN';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { createQueryClient } from '../api/query-client.ts';
import { AuthProvider } from './auth-context.tsx';
import { createAppRouter } from './router.tsx';
import './app.css';

const BUTTON_LOADING_ICON = <LoadingOutlined aria-label="正在处理" />;

/**
 * A person who asked their system for less motion (WCAG 2.3.3) gets popups, dialogs and menus
 * without their zoom and slide animations: they appear where they end up, at once.
 */
const REDUCED_MOTION =
  typeof window !== 'undefined' &&
  window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

/**
 * Where a select's list, a date picker's calendar or a menu is drawn: in the scrolling body of
 * the dialog or drawer that holds its field, else in the page. A list drawn in the page sits at
 * page coordinates while a dialog is fixed to the screen: any scroll of the page (a keyboard
 * focus, an assistive tool bringing a row into view) moved the list away from its field until
 * the next realignment, and a click made in between landed on the form behind it — the list
 * stayed open with nothing picked. Inside the dialog's own scroller the list moves with its field.
 */
export function popupContainer(trigger?: HTMLElement): HTMLElement {
  return trigger?.closest<HTMLElement>('.ant-drawer-body, .ant-modal-wrap') ?? document.body;
}

/** Providers: Chinese locale, query cache, session, router (antd's App: signed-in-app.tsx). */
export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createAppRouter);
  return (
    <ConfigProvider
      locale={zhCN}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6, motion: !REDUCED_MOTION } }}
      // antd spaces out two-character Chinese labels ("登 录"); keep button names as written.
      // A loading icon of our own is shown without antd's width animation: when a request ends
      // before that animation starts (a busy machine, a fast answer), antd's icon never finished
      // leaving, and the button stayed named "loading 保存" for screen readers and tests alike.
      button={{ autoInsertSpace: false, loadingIcon: BUTTON_LOADING_ICON }}
      getPopupContainer={popupContainer}
    >
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </QueryClientProvider>
    </ConfigProvider>
  );
}
