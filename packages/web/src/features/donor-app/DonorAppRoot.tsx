/** Entry of the donor app (/m/*): its own routes, outside the staff layout and login. */
import { Route, Routes } from 'react-router-dom';
import { donorAppRoutes, DonorLogin } from './DonorApp';

export default function DonorAppRoot() {
  const { element, children } = donorAppRoutes;
  return (
    <Routes>
      <Route path="login" element={<DonorLogin />} />
      <Route path="/" element={element}>
        {children.map((c) => (c.index ? <Route key="index" index element={c.element} /> : <Route key={c.path} path={c.path} element={c.element} />))}
      </Route>
    </Routes>
  );
}
